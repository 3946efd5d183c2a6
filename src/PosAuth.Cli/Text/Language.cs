namespace PosAuth.Cli.Text;

/// <summary>The language of a command's human-readable output (<c>--lang</c>); codes stay codes in both.</summary>
internal enum Language
{
    SimplifiedChinese,
    English,
}

/// <summary>Parses <c>--lang</c>.</summary>
internal static class Languages
{
    public const string OptionValues = "zh-CN|en";

    public static bool TryParse(string? value, Language defaultLanguage, out Language language)
    {
        switch (value?.ToLowerInvariant())
        {
            case null:
                language = defaultLanguage;
                return true;
            case "zh-cn" or "zh" or "zh-hans" or "zh-hans-cn":
                language = Language.SimplifiedChinese;
                return true;
            case "en" or "en-us" or "en-gb":
                language = Language.English;
                return true;
            default:
                language = defaultLanguage;
                return false;
        }
    }
}
