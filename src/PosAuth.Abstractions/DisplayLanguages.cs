using System.Globalization;

namespace PosAuth;

/// <summary>
/// The one rule mapping a culture or a language tag to a <see cref="DisplayLanguage"/>: simplified Chinese for <c>zh</c>,
/// <c>zh-Hans</c>, <c>zh-CN</c>, <c>zh-SG</c> and their sub-cultures; English for anything else (traditional Chinese
/// included: no traditional table ships). The overloads that take a <see cref="CultureInfo"/> all use it.
/// </summary>
public static class DisplayLanguages
{
    /// <summary>The language for a UI culture (walking its parents: <c>zh-Hans-CN</c> → <c>zh-Hans</c> → <c>zh</c>).</summary>
    /// <param name="culture">The culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/> (the invariant
    /// culture, so English, in an <c>InvariantGlobalization</c> app).</param>
    /// <returns>The display language.</returns>
    public static DisplayLanguage FromCulture(CultureInfo? culture = null)
    {
        CultureInfo c = culture ?? CultureInfo.CurrentUICulture;
        for (int depth = 0; depth < 8 && !string.IsNullOrEmpty(c.Name); depth++)
        {
            if (Classify(c.Name) is { } language)
            {
                return language;
            }

            if (ReferenceEquals(c, c.Parent))
            {
                break;
            }

            c = c.Parent;
        }

        return DisplayLanguage.English;
    }

    /// <summary>
    /// Parses a language tag such as <c>zh-CN</c>, <c>zh-Hans</c>, <c>en</c> or <c>en-US</c> (case-insensitive, <c>-</c> or
    /// <c>_</c> between subtags) without creating a <see cref="CultureInfo"/>, so it works under <c>InvariantGlobalization</c>.
    /// </summary>
    /// <param name="tag">The tag, for example from a <c>--lang</c> option or a configuration file.</param>
    /// <param name="language">The language, or <see cref="DisplayLanguage.English"/> when the tag is not understood.</param>
    /// <returns>
    /// <see langword="true"/> for a simplified Chinese tag or an English one (<c>en</c>, <c>en-*</c>); <see langword="false"/>
    /// for anything else, traditional Chinese (<c>zh-TW</c>, <c>zh-Hant</c>) included.
    /// </returns>
    public static bool TryParse(string? tag, out DisplayLanguage language)
    {
        language = DisplayLanguage.English;
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 35)
        {
            return false;
        }

        string name = tag.Trim().Replace('_', '-');
        if (IsEnglish(name))
        {
            return true;
        }

        // Walk the subtags from the right, as a culture walks its parents: zh-Hans-SG -> zh-Hans -> zh.
        for (; ; )
        {
            switch (Classify(name))
            {
                case DisplayLanguage.SimplifiedChinese:
                    language = DisplayLanguage.SimplifiedChinese;
                    return true;
                case DisplayLanguage.English:
                    return false; // traditional Chinese: no table ships
            }

            int dash = name.LastIndexOf('-');
            if (dash <= 0)
            {
                return false;
            }

            name = name[..dash];
        }
    }

    /// <summary>The language a single culture name decides, or <see langword="null"/> when its parent decides.</summary>
    private static DisplayLanguage? Classify(string name)
    {
        if (name.Equals("zh-Hant", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-TW", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-HK", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-MO", StringComparison.OrdinalIgnoreCase))
        {
            return DisplayLanguage.English;
        }

        if (name.Equals("zh", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-Hans", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-CN", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-SG", StringComparison.OrdinalIgnoreCase))
        {
            return DisplayLanguage.SimplifiedChinese;
        }

        return null;
    }

    private static bool IsEnglish(string name) =>
        name.Equals("en", StringComparison.OrdinalIgnoreCase) || name.StartsWith("en-", StringComparison.OrdinalIgnoreCase);
}
