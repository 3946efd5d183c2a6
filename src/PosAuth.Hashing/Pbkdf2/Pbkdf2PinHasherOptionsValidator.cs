using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>Validates <see cref="Pbkdf2PinHasherOptions"/>, collecting every error into one message.</summary>
internal sealed class Pbkdf2PinHasherOptionsValidator : IValidateOptions<Pbkdf2PinHasherOptions>
{
    public ValidateOptionsResult Validate(string? name, Pbkdf2PinHasherOptions options)
    {
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void ThrowIfInvalid(Pbkdf2PinHasherOptions options)
    {
        List<string> errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(Pbkdf2PinHasherOptions), errors);
        }
    }

    internal static List<string> Collect(Pbkdf2PinHasherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Algorithm))
        {
            errors.Add($"{nameof(options.Algorithm)} must be Sha512 or Sha256.");
        }

        if (options.MinimumIterations < Pbkdf2PinHasherOptions.AbsoluteMinimumIterations)
        {
            errors.Add($"{nameof(options.MinimumIterations)} must be at least {Pbkdf2PinHasherOptions.AbsoluteMinimumIterations}.");
        }

        if (options.MaximumIterations < options.MinimumIterations)
        {
            errors.Add($"{nameof(options.MaximumIterations)} must not be below {nameof(options.MinimumIterations)}.");
        }

        if (options.Iterations < options.MinimumIterations || options.Iterations > options.MaximumIterations)
        {
            errors.Add($"{nameof(options.Iterations)} must lie between {nameof(options.MinimumIterations)} ({options.MinimumIterations}) and {nameof(options.MaximumIterations)} ({options.MaximumIterations}).");
        }

        if (options.SaltSize is < PhcHashString.MinSaltBytes or > PhcHashString.MaxSaltBytes)
        {
            errors.Add($"{nameof(options.SaltSize)} must lie between {PhcHashString.MinSaltBytes} and {PhcHashString.MaxSaltBytes} bytes.");
        }

        if (options.HashSize is { } size && (size < PhcHashString.MinHashBytes || size > PhcHashString.MaxHashBytes))
        {
            errors.Add($"{nameof(options.HashSize)} must lie between {PhcHashString.MinHashBytes} and {PhcHashString.MaxHashBytes} bytes.");
        }

        if (Enum.IsDefined(options.Algorithm) && options.Iterations >= options.MinimumIterations && options.MaximumIterations >= options.MinimumIterations
            && (options.HashSize is null || options.HashSize is >= PhcHashString.MinHashBytes and <= PhcHashString.MaxHashBytes))
        {
            int blocks = Pbkdf2Kdf.Blocks(Pbkdf2PinHasher.HashName(options.Algorithm), options.EffectiveHashSize);
            if ((long)options.Iterations * blocks > options.MaximumIterations && options.Iterations <= options.MaximumIterations)
            {
                errors.Add($"{nameof(options.Iterations)} × PBKDF2 output blocks ({blocks} for {nameof(options.HashSize)} {options.EffectiveHashSize} with {options.Algorithm}) must not exceed {nameof(options.MaximumIterations)} ({options.MaximumIterations}): its own hashes would be refused.");
            }
        }

        return errors;
    }
}
