using Microsoft.Extensions.Options;

namespace PosAuth.Sessions;

/// <summary>Validates <see cref="SessionOptions"/>, collecting every error into one result.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IdleLockAfter is { } idle && (idle < TimeSpan.FromSeconds(1) || idle > TimeSpan.FromHours(24)))
        {
            errors.Add($"{nameof(SessionOptions.IdleLockAfter)} must be between 1 second and 24 hours, or null to disable (was {idle}).");
        }

        if (options.MaxSessionAge is { } age && (age < TimeSpan.FromMinutes(1) || age > TimeSpan.FromDays(31)))
        {
            errors.Add($"{nameof(SessionOptions.MaxSessionAge)} must be between 1 minute and 31 days, or null to disable (was {age}).");
        }

        if (!Enum.IsDefined(options.RestorePolicy))
        {
            errors.Add($"{nameof(SessionOptions.RestorePolicy)} must be RequireSignIn, ResumeOperator or ResumeAll (was {(int)options.RestorePolicy}).");
        }

        if (options.SignInNetworkManagementCode is not (NetworkManagementCode.SignInSingleLengthKeys or NetworkManagementCode.SignInDoubleLengthKeys or NetworkManagementCode.SignInDoubleLengthKeysWithTrackKey))
        {
            errors.Add($"{nameof(SessionOptions.SignInNetworkManagementCode)} must be a sign-in code 001, 003 or 004 (was {(int)options.SignInNetworkManagementCode:D3}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> with every error when <paramref name="options"/> is invalid.</summary>
    public static void ThrowIfInvalid(SessionOptions options)
    {
        ValidateOptionsResult result = new SessionOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SessionOptions), result.Failures);
        }
    }
}
