namespace PosAuth.Cli.Text;

/// <summary>
/// Parses <c>--lang</c> into the SDK's <see cref="DisplayLanguage"/> (codes stay codes in both) with
/// <see cref="DisplayLanguages.TryParse"/>: no <see cref="System.Globalization.CultureInfo"/> is created, so the
/// Chinese words come out the same in an <c>InvariantGlobalization</c> build.
/// </summary>
internal static class Languages
{
    public const string OptionValues = "zh-CN|en";

    public static bool TryParse(string? value, DisplayLanguage defaultLanguage, out DisplayLanguage language)
    {
        if (value is null)
        {
            language = defaultLanguage;
            return true;
        }

        if (DisplayLanguages.TryParse(value, out language))
        {
            return true;
        }

        language = defaultLanguage;
        return false;
    }
}
