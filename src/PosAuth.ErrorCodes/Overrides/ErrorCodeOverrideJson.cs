using PosAuth.ErrorCodes.Overrides;

namespace PosAuth.ErrorCodes;

/// <summary>
/// Reads an acquirer's override table from JSON (schema in the package README):
/// <c>{ "version": 1, "codes": [ { "source": "UnionPay", "code": "A8", "category": "CardIssue", ... } ] }</c>.
/// Enum values must be exactly one member name (any case; no numbers, no combinations such as <c>"Approved, WrongPin"</c>)
/// and each field may appear once per object. Reads a <see cref="System.Text.Json.JsonDocument"/> without reflection, so it is safe in trimmed and AOT apps.
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
        List<ErrorCodeOverride> entries = OverrideJsonReader.Read(json, "JSON", "codes", errors);
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
            string why = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "it does not exist",
                UnauthorizedAccessException => "permission denied",
                _ => "the path or the file is not readable",
            };
            errors.Add($"Override file '{path}' cannot be read: {why}.");
            return [];
        }

        return OverrideJsonReader.Read(json, "Override file '" + path + "'", path + ": codes", errors);
    }

    internal static IEnumerable<(string Label, ErrorCodeOverride Entry)> Label(IReadOnlyList<ErrorCodeOverride> entries, string prefix)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            yield return ($"{prefix}[{i}]", entries[i]);
        }
    }
}
