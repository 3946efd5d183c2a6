using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.OfflineUnlock;

namespace PosAuth;

/// <summary>Validates <see cref="RecoveryOptions"/>, reporting every error in one message.</summary>
internal sealed class RecoveryOptionsValidator : IValidateOptions<RecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, RecoveryOptions options)
    {
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(RecoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.TemporaryPinLifetime <= TimeSpan.Zero || options.TemporaryPinLifetime > RecoveryOptions.MaxTemporaryPinLifetime)
        {
            errors.Add($"Recovery.TemporaryPinLifetime must be more than 0 and at most 7 days (was {options.TemporaryPinLifetime}).");
        }

        if (options.UnlockChallengeLifetime <= TimeSpan.Zero || options.UnlockChallengeLifetime > OfflineUnlockChallenge.MaxLifetime)
        {
            errors.Add($"Recovery.UnlockChallengeLifetime must be more than 0 and at most 24 hours (was {options.UnlockChallengeLifetime}).");
        }

        if (options.UnlockChallengeDigits is < OfflineUnlockChallenge.MinDigits or > OfflineUnlockChallenge.MaxDigits)
        {
            errors.Add($"Recovery.UnlockChallengeDigits must be {OfflineUnlockChallenge.MinDigits} to {OfflineUnlockChallenge.MaxDigits} (was {options.UnlockChallengeDigits}).");
        }

        if (options.OfflineUnlockPinLifetime <= TimeSpan.Zero || options.OfflineUnlockPinLifetime > RecoveryOptions.MaxTemporaryPinLifetime)
        {
            errors.Add($"Recovery.OfflineUnlockPinLifetime must be more than 0 and at most 7 days (was {options.OfflineUnlockPinLifetime}).");
        }

        if (options.OfflineUnlockKey is not null && !OptionsOfflineUnlockKeyProvider.IsValid(options.OfflineUnlockKey))
        {
            // The key itself is never echoed.
            errors.Add($"Recovery.OfflineUnlockKey must be base64 of {UnlockKeyDerivation.MinMasterKeyLength} to {UnlockKeyDerivation.MaxKeyLength} bytes.");
        }

        CheckFactoryPin(errors, nameof(RecoveryOptions.FactoryAdministratorPin), options.FactoryAdministratorPin);
        CheckFactoryPin(errors, nameof(RecoveryOptions.FactorySupervisorPin), options.FactorySupervisorPin);
        CheckFactoryPin(errors, nameof(RecoveryOptions.FactoryOperatorPin), options.FactoryOperatorPin);
        return errors;
    }

    private static void CheckFactoryPin(List<string> errors, string name, string? pin)
    {
        if (string.IsNullOrEmpty(pin) || pin.Length > PinInput.MaxLength || !pin.All(char.IsAsciiDigit))
        {
            errors.Add($"Recovery.{name} must be 1 to {PinInput.MaxLength} ASCII digits.");
        }
    }
}
