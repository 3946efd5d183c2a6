using System.Reflection;
using System.Text.RegularExpressions;

namespace PosAuth.Demo.Tests;

/// <summary>
/// Decides which ASCII words in a Chinese line are codes. A code is: an enum member, type or compound method name of
/// the PosAuth assemblies (found by reflection, so the list is not written by hand: <c>Ready</c>, <c>CommonPin</c>,
/// <c>UseSqlite</c>); a word with a digit (<c>A0</c>, <c>SHA512</c>, a serial), a path or a <c>key=value</c>; anything
/// between backticks (a command line); or one of a few acronyms and names. Everything else is English.
/// </summary>
internal static partial class CodeWords
{
    private static readonly string[] Acronyms = ["PosAuth", "SDK", "SQLite", "WAL", "PBKDF", "HMAC", "SHA", "OCRA", "HOTP", "HKDF", "QR", "KDF"];

    private static readonly HashSet<string> Identifiers = LoadIdentifiers();

    /// <summary>The English words of <paramref name="line"/> that are not codes.</summary>
    public static IReadOnlyList<string> EnglishWords(string line)
    {
        string text = Backticked().Replace(line, " ");
        var english = new List<string>();
        foreach (Match word in AsciiWord().Matches(text))
        {
            string w = word.Value.Trim('(', ')', '[', ']', '<', '>', ',', '.', ';', ':', '!', '?', '\'', '"', '-', '|', '*');
            if (w.Length == 0 || !w.Any(char.IsAsciiLetter) || w.Any(char.IsAsciiDigit) || w.IndexOfAny(['/', '\\', '=']) >= 0
                || Identifiers.Contains(w) || Acronyms.Contains(w))
            {
                continue;
            }

            english.Add(w);
        }

        return english;
    }

    private static HashSet<string> LoadIdentifiers()
    {
        Assembly[] assemblies =
        [
            typeof(OperatorRole).Assembly, typeof(Sessions.TerminalSessionState).Assembly, typeof(Hashing.PinRejectionReason).Assembly,
            typeof(Lockout.LockoutStatus).Assembly, typeof(ErrorCodes.ErrorCategory).Assembly, typeof(AuditEventType).Assembly,
            typeof(Storage.Sqlite.SqliteStoreOptions).Assembly,
        ];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Type type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            names.Add(type.Name.Split('`')[0]);
            if (type.IsEnum)
            {
                names.UnionWith(Enum.GetNames(type));
            }

            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.Name.Count(char.IsAsciiLetterUpper) >= 2 && !method.IsSpecialName)
                {
                    names.Add(method.Name); // compound identifiers only (UseSqlite, ChangePinAsync), not plain words (Create)
                }
            }
        }

        return names;
    }

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex Backticked();

    [GeneratedRegex("[\\x21-\\x7E]+")]
    private static partial Regex AsciiWord();
}
