using System.Globalization;

namespace PosAuth.ErrorCodes;

/// <summary>Whether a UI culture reads simplified Chinese (the one rule for messages and names).</summary>
internal static class SimplifiedChinese
{
    public static bool Matches(CultureInfo culture)
    {
        // Walk the parent chain: zh-Hans-CN -> zh-Hans -> zh -> invariant.
        for (CultureInfo c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            string name = c.Name;
            if (name.Equals("zh-Hant", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-TW", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-HK", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-MO", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (name.Equals("zh", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-Hans", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-CN", StringComparison.OrdinalIgnoreCase)
                || name.Equals("zh-SG", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (ReferenceEquals(c, c.Parent))
            {
                break;
            }
        }

        return false;
    }
}
