using System.Text.Json;
using PosAuth.ErrorCodes.Overrides;

namespace PosAuth.ErrorCodes;

/// <summary>
/// Reads an acquirer's override table from JSON (schema in the package README):
/// <c>{ "version": 1, "codes": [ { "source": "UnionPay", "code": "A8", "category": "CardIssue", ... } ] }</c>.
/// Uses source-generated System.Text.Json metadata, so it is safe in trimmed and AOT apps.
/// </summary>
public static class ErrorCodeOverrideJson
{
    /// <summary>Parses and validates a JSON override table.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The entries, in file order.</returns>
    /// <exception cref="ErrorCodeOverrideException">The JSON is malformed or an entry is invalid; every problem is listed.</exception>
    public static IReadOnlyList<ErrorCodeOverride> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<string>();
        List<ErrorCodeOverride> entries = Read(json, "JSON", errors);
        if (errors.Count == 0)
        {
            OverrideValidator.Validate(Label(entries, "codes"), errors);
        }

        return errors.Count == 0 ? entries : throw new ErrorCodeOverrideException(errors);
    }

    /// <summary>Reads, parses and validates a JSON override file (UTF-8).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The entries, in file order.</returns>
    /// <exception cref="ErrorCodeOverrideException">The file cannot be read, the JSON is malformed or an entry is invalid.</exception>
    public static IReadOnlyList<ErrorCodeOverride> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var errors = new List<string>();
        List<ErrorCodeOverride> entries = ReadFile(path, errors);
        if (errors.Count == 0)
        {
            OverrideValidator.Validate(Label(entries, path + ": codes"), errors);
        }

        return errors.Count == 0 ? entries : throw new ErrorCodeOverrideException(errors);
    }

    internal static List<ErrorCodeOverride> ReadFile(string path, List<string> errors)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"Override file '{path}' cannot be read: {ex.Message}");
            return [];
        }

        return Read(json, "Override file '" + path + "'", errors);
    }

    internal static IEnumerable<(string Label, ErrorCodeOverride Entry)> Label(IReadOnlyList<ErrorCodeOverride> entries, string prefix)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            yield return ($"{prefix}[{i}]", entries[i]);
        }
    }

    private static List<ErrorCodeOverride> Read(string json, string what, List<string> errors)
    {
        ErrorCodeOverrideDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ErrorCodeJsonContext.Default.ErrorCodeOverrideDocument);
        }
        catch (JsonException ex)
        {
            errors.Add($"{what} is not a valid override table at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}");
            return [];
        }

        if (document is null)
        {
            errors.Add($"{what} is empty: expected an object {{ \"version\": 1, \"codes\": [ ... ] }}.");
            return [];
        }

        if (document.Version != 1)
        {
            errors.Add($"{what}: field 'version' is {document.Version}; only version 1 is supported.");
        }

        if (document.Codes is null)
        {
            errors.Add($"{what}: field 'codes' (the list of entries) is missing.");
            return [];
        }

        for (int i = 0; i < document.Codes.Count; i++)
        {
            if (document.Codes[i] is null)
            {
                errors.Add($"{what}: codes[{i}] is null.");
            }
        }

        return errors.Count == 0 ? document.Codes : [];
    }
}
