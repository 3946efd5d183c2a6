using System.Globalization;
using System.Text.Json;

namespace PosAuth.ErrorCodes.Overrides;

/// <summary>
/// Reads an override table from JSON by walking a <see cref="JsonDocument"/> (no serializer metadata, no reflection:
/// trimming- and AOT-safe). Stricter than a serializer would be, because a lenient reading changes what a code means
/// without anyone noticing: an enum value must be exactly one member name (a serializer accepts
/// <c>"Approved, WrongPin"</c>, which is 1 | 2 = <c>PinTriesExceeded</c>, and numbers such as <c>3</c>), and a field
/// may appear once per object (a serializer silently keeps the last of two <c>"category"</c> keys; property names are
/// case-insensitive, so <c>"action"</c> and <c>"Action"</c> are the same field). Every problem is collected, each
/// naming the entry (index and code) and the field.
/// </summary>
internal static class OverrideJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private static readonly string[] EntryFields =
        ["source", "code", "category", "action", "retryable", "requiresSignIn", "signInReason", "cupClass", "messageZh", "messageEn"];

    /// <summary>Reads the document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="what">Names the document in document-level errors (<c>JSON</c>, <c>Override file '…'</c>).</param>
    /// <param name="entryPrefix">Prefix of entry labels (<c>codes</c>, <c>&lt;path&gt;: codes</c>), as <see cref="ErrorCodeOverrideJson.Label"/> writes them.</param>
    /// <param name="errors">Receives every problem.</param>
    /// <returns>The entries when there was no problem, otherwise an empty list.</returns>
    public static List<ErrorCodeOverride> Read(string json, string what, string entryPrefix, List<string> errors)
    {
        int before = errors.Count;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The position, not the parser's own sentence: the message is the package's, in one voice.
            errors.Add($"{what} is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} (check the quotes, commas and brackets there).");
            return [];
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                errors.Add($"{what} is empty: expected an object {{ \"version\": 1, \"codes\": [ ... ] }}.");
                return [];
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{what} must be an object {{ \"version\": 1, \"codes\": [ ... ] }}, not {Kind(root)}.");
                return [];
            }

            JsonElement? version = null;
            JsonElement? codes = null;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, "version", StringComparison.OrdinalIgnoreCase))
                {
                    if (version is not null)
                    {
                        errors.Add($"{what}: field 'version' is given twice.");
                    }

                    version = property.Value;
                }
                else if (string.Equals(property.Name, "codes", StringComparison.OrdinalIgnoreCase))
                {
                    if (codes is not null)
                    {
                        errors.Add($"{what}: field 'codes' is given twice.");
                    }

                    codes = property.Value;
                }
                else
                {
                    errors.Add($"{what}: unknown field '{Show(property.Name)}' (expected 'version' and 'codes').");
                }
            }

            if (version is { } v && v.ValueKind != JsonValueKind.Null)
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int number))
                {
                    errors.Add($"{what}: field 'version' must be the number 1, not {Kind(v)}.");
                }
                else if (number != 1)
                {
                    errors.Add($"{what}: field 'version' is {number.ToString(CultureInfo.InvariantCulture)}; only version 1 is supported.");
                }
            }

            if (codes is not { } list || list.ValueKind == JsonValueKind.Null)
            {
                errors.Add($"{what}: field 'codes' (the list of entries) is missing.");
                return [];
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{what}: field 'codes' must be a list [ ... ] of entries, not {Kind(list)}.");
                return [];
            }

            var entries = new List<ErrorCodeOverride>(list.GetArrayLength());
            int index = 0;
            foreach (JsonElement element in list.EnumerateArray())
            {
                string label = $"{entryPrefix}[{index.ToString(CultureInfo.InvariantCulture)}]";
                if (element.ValueKind == JsonValueKind.Null)
                {
                    errors.Add($"{label}: the entry is null.");
                }
                else if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{label}: the entry must be an object {{ \"source\": ..., \"code\": ... }}, not {Kind(element)}.");
                }
                else
                {
                    entries.Add(ReadEntry(element, label, errors));
                }

                index++;
            }

            return errors.Count == before ? entries : [];
        }
    }

    private static ErrorCodeOverride ReadEntry(JsonElement element, string label, List<string> errors)
    {
        // The code names the entry in every message, so find it first (the first "code" whatever its case).
        string? code = null;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, "code", StringComparison.OrdinalIgnoreCase))
            {
                code = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                break;
            }
        }

        string where = $"{label} (code {OverrideValidator.Describe(code)})";
        var entry = new ErrorCodeOverride();
        var seen = new bool[EntryFields.Length];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            int field = Array.FindIndex(EntryFields, f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            if (field < 0)
            {
                errors.Add($"{where}: unknown field '{Show(property.Name)}' (expected {string.Join(", ", EntryFields.Select(f => "'" + f + "'"))}).");
                continue;
            }

            string name = EntryFields[field];
            if (seen[field])
            {
                errors.Add($"{where}: field '{name}' is given twice; give each field once.");
                continue;
            }

            seen[field] = true;
            JsonElement value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue; // null is the same as leaving the field out
            }

            switch (name)
            {
                case "source":
                    entry.Source = ReadName<ErrorSource>(value, name, where, errors);
                    break;
                case "code":
                    entry.Code = ReadText(value, name, where, errors);
                    break;
                case "category":
                    entry.Category = ReadName<ErrorCategory>(value, name, where, errors);
                    break;
                case "action":
                    entry.Action = ReadName<RecommendedAction>(value, name, where, errors);
                    break;
                case "signInReason":
                    entry.SignInReason = ReadName<SignInReason>(value, name, where, errors);
                    break;
                case "cupClass":
                    entry.CupClass = ReadName<UnionPayHandlingClass>(value, name, where, errors);
                    break;
                case "retryable":
                    entry.Retryable = ReadBoolean(value, name, where, errors);
                    break;
                case "requiresSignIn":
                    entry.RequiresSignIn = ReadBoolean(value, name, where, errors);
                    break;
                case "messageZh":
                    entry.MessageZh = ReadText(value, name, where, errors);
                    break;
                default:
                    entry.MessageEn = ReadText(value, name, where, errors);
                    break;
            }
        }

        return entry;
    }

    private static TEnum? ReadName<TEnum>(JsonElement value, string field, string where, List<string> errors)
        where TEnum : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String && EnumNames<TEnum>.TryGet(value.GetString()!, out TEnum result))
        {
            return result;
        }

        string got = value.ValueKind switch
        {
            JsonValueKind.String => "'" + Show(value.GetString()!) + "'",
            JsonValueKind.Number => "the number " + Show(value.GetRawText()) + " (numbers are not accepted: write the name)",
            _ => Kind(value),
        };
        errors.Add($"{where}: field '{field}' must be exactly one name of {typeof(TEnum).Name} ({EnumNames<TEnum>.List}), not {got}.");
        return null;
    }

    private static bool? ReadBoolean(JsonElement value, string field, string where, List<string> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                errors.Add($"{where}: field '{field}' must be true or false, not {Kind(value)}.");
                return null;
        }
    }

    private static string? ReadText(JsonElement value, string field, string where, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add($"{where}: field '{field}' must be text in quotes, not {Kind(value)}.");
        return null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    /// <summary>A value from the file, shortened and without control characters, for a message.</summary>
    private static string Show(string text)
    {
        string shown = text.Length > 40 ? text[..40] + "…" : text;
        return string.Create(shown.Length, shown, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }

    /// <summary>The member names of an enum, matched case-insensitively and exactly (no numbers, no comma-separated combinations).</summary>
    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> ByName = BuildByName();

        public static readonly string List = string.Join(", ", Enum.GetNames<TEnum>());

        public static bool TryGet(string name, out TEnum value) => ByName.TryGetValue(name, out value);

        private static Dictionary<string, TEnum> BuildByName()
        {
            var map = new Dictionary<string, TEnum>(StringComparer.OrdinalIgnoreCase);
            string[] names = Enum.GetNames<TEnum>();
            TEnum[] values = Enum.GetValues<TEnum>();
            for (int i = 0; i < names.Length; i++)
            {
                map[names[i]] = values[i];
            }

            return map;
        }
    }
}
