using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Argon2;

/// <summary>Validates <see cref="Argon2idPinHasherOptions"/>, collecting every error into one message.</summary>
internal sealed class Argon2idPinHasherOptionsValidator : IValidateOptions<Argon2idPinHasherOptions>
{
    public ValidateOptionsResult Validate(string? name, Argon2idPinHasherOptions options)
    {
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void ThrowIfInvalid(Argon2idPinHasherOptions options)
    {
        List<string> errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(Argon2idPinHasherOptions), errors);
        }
    }

    internal static List<string> Collect(Argon2idPinHasherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MinimumMemorySize < Argon2idPinHasherOptions.AbsoluteMinimumMemorySize)
        {
            errors.Add($"{nameof(options.MinimumMemorySize)} must be at least {Argon2idPinHasherOptions.AbsoluteMinimumMemorySize} KiB.");
        }

        if (options.MaximumMemorySize > Argon2idPinHasherOptions.AbsoluteMaximumMemorySize)
        {
            errors.Add($"{nameof(options.MaximumMemorySize)} must be at most {Argon2idPinHasherOptions.AbsoluteMaximumMemorySize} KiB.");
        }

        if (options.MaximumMemorySize < options.MinimumMemorySize)
        {
            errors.Add($"{nameof(options.MaximumMemorySize)} must not be below {nameof(options.MinimumMemorySize)}.");
        }

        if (options.MemorySize < options.MinimumMemorySize || options.MemorySize > options.MaximumMemorySize)
        {
            errors.Add($"{nameof(options.MemorySize)} must lie between {nameof(options.MinimumMemorySize)} ({options.MinimumMemorySize}) and {nameof(options.MaximumMemorySize)} ({options.MaximumMemorySize}) KiB.");
        }

        if (options.MinimumIterations < 1)
        {
            errors.Add($"{nameof(options.MinimumIterations)} must be at least 1.");
        }

        if (options.MaximumIterations < options.MinimumIterations)
        {
            errors.Add($"{nameof(options.MaximumIterations)} must not be below {nameof(options.MinimumIterations)}.");
        }

        if (options.Iterations < options.MinimumIterations || options.Iterations > options.MaximumIterations)
        {
            errors.Add($"{nameof(options.Iterations)} must lie between {nameof(options.MinimumIterations)} ({options.MinimumIterations}) and {nameof(options.MaximumIterations)} ({options.MaximumIterations}).");
        }

        if (options.HashSize is < Argon2idPhcString.MinHashBytes or > Argon2idPhcString.MaxHashBytes)
        {
            errors.Add($"{nameof(options.HashSize)} must lie between {Argon2idPhcString.MinHashBytes} and {Argon2idPhcString.MaxHashBytes} bytes.");
        }

        return errors;
    }
}
