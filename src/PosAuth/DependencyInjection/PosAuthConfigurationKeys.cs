using System.Text.RegularExpressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace PosAuth;

/// <summary>
/// The sections under <c>PosAuth</c> that bind to nothing. Keys inside a section are checked by the configuration binder
/// itself (<see cref="BinderOptions.ErrorOnUnknownConfiguration"/>, trim-safe through the binding source generator).
/// </summary>
internal static partial class PosAuthConfigurationKeys
{
    /// <summary>The sections under <c>Storage</c>: one per storage package that binds its options from there.</summary>
    internal static readonly string[] StorageSections = ["Sqlite", "PostgreSql"];

    /// <summary>The binder's refusals (an unknown key, a value it cannot convert) per options instance, for its validation.</summary>
    private static readonly ConditionalWeakTable<object, List<string>> BindingErrors = [];

    /// <summary>
    /// Binds a section and keeps the binder's refusal instead of throwing it, so the validation of the same instance
    /// reports it together with every other error.
    /// </summary>
    internal static void Bind(object options, IConfigurationSection section, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException refused)
        {
            BindingErrors.GetOrCreateValue(options).Add($"'{section.Path}' does not bind: {WithoutValues(refused.Message, section)}");
        }
    }

    /// <summary>
    /// The binder's message without the configured values it quotes ("Failed to convert configuration value '…' at
    /// 'PosAuth:Sessions:IdleLockAfter' to type 'System.TimeSpan'"): a value may be a PIN or a key typed into the wrong field.
    /// </summary>
    internal static string WithoutValues(string message, IConfiguration section)
    {
        string text = ConversionFailure().Replace(message, "The value at '$2' is not a valid $3.");
        foreach (KeyValuePair<string, string?> setting in section.AsEnumerable())
        {
            if (setting.Value is { Length: >= 4 } value)
            {
                text = text.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    [GeneratedRegex(@"Failed to convert configuration value '(.*)' at '([^']*)' to type '([^']*)'\.?", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    /// <summary>What the binder refused while binding <paramref name="options"/> (names the key, never the value).</summary>
    internal static IReadOnlyList<string> BindingErrorsOf(object options) =>
        BindingErrors.TryGetValue(options, out List<string>? errors) ? errors : [];

    /// <summary>Binder settings for every PosAuth section: a key that binds to nothing is an error, not ignored.</summary>
    internal static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;

    /// <summary>Every unknown section, as a message naming its full path (never a value: it may be a key or a PIN).</summary>
    public static List<string> FindUnknownSections(IConfiguration section, IEnumerable<string> sections)
    {
        var errors = new List<string>();
        string[] known = [.. sections];
        string root = section is IConfigurationSection s ? s.Path : "the PosAuth section";
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.Equals(child.Key, "Storage", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Unknown configuration key '{child.Path}': the sections under '{root}' are {string.Join(", ", known.Append("Storage"))}.");
                continue;
            }

            foreach (IConfigurationSection store in child.GetChildren())
            {
                if (!StorageSections.Contains(store.Key, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"Unknown configuration key '{store.Path}': the storage sections are {string.Join(", ", StorageSections.Select(n => "Storage:" + n))}.");
                }
            }
        }

        return errors;
    }
}
