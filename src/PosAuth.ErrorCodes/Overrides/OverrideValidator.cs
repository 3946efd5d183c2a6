using PosAuth.ErrorCodes.Tables;

namespace PosAuth.ErrorCodes.Overrides;

/// <summary>Checks override entries, collecting every problem with the entry's label, code and field.</summary>
internal static class OverrideValidator
{
    public const int MaxMessageLength = 200;

    public static void Validate(IEnumerable<(string Label, ErrorCodeOverride Entry)> entries, List<string> errors)
    {
        var seen = new Dictionary<(ErrorSource, string), string>();
        foreach ((string label, ErrorCodeOverride? entry) in entries)
        {
            if (entry is null)
            {
                errors.Add($"{label}: the entry is null.");
                continue;
            }

            string shownCode = Describe(entry.Code);
            string where = $"{label} (code {shownCode})";
            string? normalized = null;

            if (entry.Source is not { } source || !Enum.IsDefined(source))
            {
                errors.Add($"{where}: field 'source' is missing or not one of Iso8583, UnionPay, Iso8583v1993, Device, Transport.");
            }
            else
            {
                normalized = NormalizeCode(entry.Code);
                if (normalized is null || !CodeNormalizer.HasValidShape(source, normalized))
                {
                    errors.Add($"{where}: field 'code' is missing or malformed for source {source} ({ShapeOf(source)}).");
                    normalized = null;
                }
                else if (seen.TryGetValue((source, normalized), out string? first))
                {
                    errors.Add($"{where}: duplicate entry for {source} code {normalized} (first defined by {first}).");
                }
                else
                {
                    seen.Add((source, normalized), label);
                }
            }

            if (entry.Category is { } category && !Enum.IsDefined(category))
            {
                errors.Add($"{where}: field 'category' has an undefined value {(int)category}.");
            }

            if (entry.Action is { } action && !Enum.IsDefined(action))
            {
                errors.Add($"{where}: field 'action' has an undefined value {(int)action}.");
            }

            if (entry.CupClass is { } cupClass && !Enum.IsDefined(cupClass))
            {
                errors.Add($"{where}: field 'cupClass' has an undefined value {(int)cupClass}.");
            }

            if (entry.SignInReason is { } signInReason && !Enum.IsDefined(signInReason))
            {
                errors.Add($"{where}: field 'signInReason' has an undefined value {(int)signInReason}.");
            }

            CheckMessage(entry.MessageZh, "messageZh", where, errors);
            CheckMessage(entry.MessageEn, "messageEn", where, errors);

            if (normalized is not null && entry.Source is { } s && !CodeTables.BuiltIn.Contains(s, normalized))
            {
                // A new code has nothing to inherit from: the essentials are required.
                if (entry.Category is null)
                {
                    errors.Add($"{where}: field 'category' is required for a code that has no built-in entry.");
                }

                if (entry.Action is null)
                {
                    errors.Add($"{where}: field 'action' is required for a code that has no built-in entry.");
                }

                if (entry.MessageZh is null)
                {
                    errors.Add($"{where}: field 'messageZh' is required for a code that has no built-in entry.");
                }

                if (entry.MessageEn is null)
                {
                    errors.Add($"{where}: field 'messageEn' is required for a code that has no built-in entry.");
                }
            }
        }
    }

    public static string? NormalizeCode(string? code)
    {
        if (code is null)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[CodeNormalizer.MaxLength];
        int length = CodeNormalizer.Normalize(code, buffer);
        return length < 0 ? null : new string(buffer[..length]);
    }

    private static void CheckMessage(string? message, string field, string where, List<string> errors)
    {
        if (message is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(message) || message.Length > MaxMessageLength || message.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || message.Contains('\u007f'))
        {
            errors.Add($"{where}: field '{field}' must be non-blank, at most {MaxMessageLength} characters, without control characters.");
        }
    }

    /// <summary>The code as shown in messages: quoted, shortened, control characters replaced; <c>&lt;missing&gt;</c> for none.</summary>
    internal static string Describe(string? code)
    {
        if (code is null)
        {
            return "<missing>";
        }

        string shown = code.Length > 40 ? code[..40] + "…" : code;
        var chars = shown.Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return "'" + new string(chars) + "'";
    }

    private static string ShapeOf(ErrorSource source) => source switch
    {
        ErrorSource.Iso8583 or ErrorSource.UnionPay => "two letters or digits",
        ErrorSource.Iso8583v1993 => "three digits",
        _ => "1 to 32 of A-Z, 0-9 and _",
    };
}
