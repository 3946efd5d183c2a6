using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>Validates <see cref="PinPepperOptions"/>, collecting every error into one message.</summary>
internal sealed class PinPepperOptionsValidator : IValidateOptions<PinPepperOptions>
{
    public const int MinimumKeyBytes = 16;

    public ValidateOptionsResult Validate(string? name, PinPepperOptions options)
    {
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(PinPepperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!PepperKeyId.IsWellFormed(options.CurrentKeyId))
        {
            errors.Add($"{nameof(options.CurrentKeyId)} must be 1 to {PepperKeyId.MaxLength} ASCII letters, digits, '-' or '_'.");
        }

        if (options.Keys is null || options.Keys.Count == 0)
        {
            errors.Add($"{nameof(options.Keys)} must contain at least the current key.");
            return errors;
        }

        if (!string.IsNullOrEmpty(options.CurrentKeyId) && !options.Keys.ContainsKey(options.CurrentKeyId))
        {
            errors.Add($"{nameof(options.Keys)} has no key with the id given in {nameof(options.CurrentKeyId)}.");
        }

        foreach (KeyValuePair<string, string> pair in options.Keys)
        {
            if (!PepperKeyId.IsWellFormed(pair.Key))
            {
                errors.Add($"Key id '{pair.Key}' must be 1 to {PepperKeyId.MaxLength} ASCII letters, digits, '-' or '_'.");
                continue;
            }

            // Never echo key material in a message.
            byte[]? bytes = TryDecode(pair.Value);
            if (bytes is null)
            {
                errors.Add($"Key '{pair.Key}' is not valid base64.");
            }
            else if (bytes.Length < MinimumKeyBytes)
            {
                errors.Add($"Key '{pair.Key}' must be at least {MinimumKeyBytes} bytes.");
            }
        }

        return errors;
    }

    internal static byte[]? TryDecode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        byte[] buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out int written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
