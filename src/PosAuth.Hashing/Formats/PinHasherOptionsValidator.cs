using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>Validates <see cref="PinHasherOptions"/> against the registered formats, collecting every error into one message.</summary>
internal sealed class PinHasherOptionsValidator(IEnumerable<IPinHashFormat> registered) : IValidateOptions<PinHasherOptions>
{
    public ValidateOptionsResult Validate(string? name, PinHasherOptions options)
    {
        List<string> errors = Collect(options, registered.Select(f => f.Name));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(PinHasherOptions options, IEnumerable<string> registeredNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new List<string> { Pbkdf2PinHasher.FormatName };
        foreach (string registered in registeredNames)
        {
            if (names.Contains(registered, StringComparer.Ordinal))
            {
                errors.Add($"Two registered hash formats are named '{registered}'.");
            }
            else
            {
                names.Add(registered);
            }
        }

        string known = string.Join(", ", names);
        if (string.IsNullOrEmpty(options.WriteFormat) || !names.Contains(options.WriteFormat, StringComparer.Ordinal))
        {
            errors.Add($"{nameof(options.WriteFormat)} must be one of the registered formats ({known}).");
        }

        foreach (string retired in options.RetiredFormats)
        {
            if (!names.Contains(retired, StringComparer.Ordinal))
            {
                errors.Add($"{nameof(options.RetiredFormats)} names '{retired}', which is not a registered format ({known}).");
            }
            else if (string.Equals(retired, options.WriteFormat, StringComparison.Ordinal))
            {
                errors.Add($"{nameof(options.RetiredFormats)} cannot contain the {nameof(options.WriteFormat)} '{retired}'.");
            }
        }

        return errors;
    }
}
