using System.Globalization;
using System.Text;

namespace PosAuth.BackOffice.Users;

/// <summary>
/// The rules of a back-office password (PCI DSS 4.0 8.3.6 and 8.3.7, NIST SP 800-63B 3.1.1.2): at least
/// <see cref="BackOfficeOptions.PasswordMinLength"/> (12) characters, at most 128; letters and digits both
/// (8.3.6); not on the block list (the most common passwords that pass the length rule, keyboard walks and the product's
/// own names, compared without case, spaces and a trailing run of digits or symbols); not containing the user name;
/// not one character or a short block repeated; and none of the last <see cref="BackOfficeOptions.PasswordHistory"/> (4).
/// </summary>
internal static class PasswordRules
{
    public const int MaxLength = 128;

    public const string TooShort = "too_short";
    public const string TooLong = "too_long";
    public const string NeedsLettersAndDigits = "needs_letters_and_digits";
    public const string Blocklisted = "blocklisted";
    public const string ContainsUserName = "contains_user_name";
    public const string Repetitive = "repetitive";
    public const string RecentlyUsed = "recently_used";
    public const string ControlCharacter = "control_character";

    // Common passwords of 12 characters or more (and their stems, matched after case folding and with a trailing run
    // of digits or symbols removed): breach corpora's most frequent long entries, keyboard walks, and our own names.
    private static readonly string[] Blocked =
    [
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "password1234", "passwordpassword", "changeme", "changemenow", "letmein",
        "welcome", "welcometo", "administrator", "admin", "adminadmin", "qwertyuiop", "qwertyuiopasdfghjkl", "qwerty", "qwertyqwerty",
        "asdfghjkl", "asdfghjkl;'", "zxcvbnm", "1qaz2wsx3edc", "1q2w3e4r5t6y", "1q2w3e4r", "q1w2e3r4t5y6", "zaq12wsx", "qazwsxedc",
        "iloveyou", "trustno1", "sunshine", "princess", "football", "baseball", "monkey", "dragon", "master", "superman", "batman",
        "abcdefghijkl", "abcdefg", "abc123abc123", "abcd1234", "aa123456", "a1b2c3d4e5f6", "123456789abc", "123456qwerty", "qwerty123456",
        "woaini", "woaini1314", "wangyi", "5201314", "iloveyou1314", "aini1314", "zhang", "wang", "china", "beijing", "shanghai",
        "posauth", "posauthadmin", "backoffice", "cashier", "supermarket", "unionpay", "terminal", "store", "manager", "headoffice",
        "secret", "default", "temporary", "summer", "winter", "spring", "autumn", "january", "december", "monday", "friday",
    ];

    /// <summary>Every rule the password breaks (empty when it is accepted). The password itself is never part of the answer.</summary>
    public static IReadOnlyList<string> Check(string password, string userId, BackOfficeOptions options, IEnumerable<string>? blockedExtra = null)
    {
        var reasons = new List<string>();
        if (password.Length < options.PasswordMinLength)
        {
            reasons.Add(TooShort);
        }

        if (password.Length > MaxLength)
        {
            reasons.Add(TooLong);
            return reasons;
        }

        if (password.Any(char.IsControl))
        {
            reasons.Add(ControlCharacter);
        }

        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            reasons.Add(NeedsLettersAndDigits);
        }

        string folded = Fold(password);
        string stem = folded.TrimEnd("0123456789!@#$%^&*()_-+=.?~".ToCharArray());
        IEnumerable<string> list = blockedExtra is null ? Blocked : Blocked.Concat(blockedExtra.Select(Fold));
        if (list.Any(b => b.Length > 0 && (folded == b || stem == b || (stem.Length > 0 && b.Length >= 6 && stem == b))) || IsSequence(folded))
        {
            reasons.Add(Blocklisted);
        }

        string user = Fold(userId);
        if (user.Length >= 3 && folded.Contains(user, StringComparison.Ordinal))
        {
            reasons.Add(ContainsUserName);
        }

        if (IsRepetitive(folded))
        {
            reasons.Add(Repetitive);
        }

        return reasons;
    }

    /// <summary>Lower case, no white space, Unicode form KC (full-width letters and digits become ASCII).</summary>
    private static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>One block (1 to 4 characters) repeated over the whole password: "aaaaaaaaaaaa", "abcabcabcabc", "12ab12ab12ab".</summary>
    private static bool IsRepetitive(string s)
    {
        for (int block = 1; block <= 4 && block * 3 <= s.Length; block++)
        {
            bool repeated = true;
            for (int i = block; i < s.Length && repeated; i++)
            {
                repeated = s[i] == s[i % block];
            }

            if (repeated)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A run with a constant step over the whole password, such as 123456789012 or abcdefghijkl.</summary>
    private static bool IsSequence(string s)
    {
        if (s.Length < 3)
        {
            return false;
        }

        int step = s[1] - s[0];
        if (Math.Abs(step) != 1)
        {
            return false;
        }

        for (int i = 2; i < s.Length; i++)
        {
            int d = s[i] - s[i - 1];
            if (d != step && !(char.IsDigit(s[i]) && char.IsDigit(s[i - 1]) && Math.Abs(d) == 9))
            {
                return false;
            }
        }

        return true;
    }
}
