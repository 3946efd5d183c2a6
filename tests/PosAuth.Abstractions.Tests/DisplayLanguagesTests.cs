using System.Globalization;

namespace PosAuth.Abstractions.Tests;

public sealed class DisplayLanguagesTests
{
    [Theory]
    [InlineData("zh", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-CN", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans-CN", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-SG", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans-HK", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-TW", DisplayLanguage.English)]
    [InlineData("zh-HK", DisplayLanguage.English)]
    [InlineData("zh-MO", DisplayLanguage.English)]
    [InlineData("zh-Hant", DisplayLanguage.English)]
    [InlineData("zh-Hant-TW", DisplayLanguage.English)]
    [InlineData("en-US", DisplayLanguage.English)]
    [InlineData("fr-FR", DisplayLanguage.English)]
    [InlineData("", DisplayLanguage.English)]
    public void FromCulture_SimplifiedChineseCultures_AndEnglishForEveryOther(string name, DisplayLanguage expected) =>
        Assert.Equal(expected, DisplayLanguages.FromCulture(CultureInfo.GetCultureInfo(name)));

    [Fact]
    public void FromCulture_Null_IsTheCurrentUICulture()
    {
        CultureInfo saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal(DisplayLanguage.SimplifiedChinese, DisplayLanguages.FromCulture());
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.Equal(DisplayLanguage.English, DisplayLanguages.FromCulture(null));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Theory]
    [InlineData("zh-CN", DisplayLanguage.SimplifiedChinese)]
    [InlineData("ZH-cn", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh_CN", DisplayLanguage.SimplifiedChinese)]
    [InlineData(" zh ", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans-SG", DisplayLanguage.SimplifiedChinese)]
    [InlineData("zh-SG", DisplayLanguage.SimplifiedChinese)]
    [InlineData("en", DisplayLanguage.English)]
    [InlineData("en-US", DisplayLanguage.English)]
    [InlineData("EN_gb", DisplayLanguage.English)]
    public void TryParse_KnownTags(string tag, DisplayLanguage expected)
    {
        Assert.True(DisplayLanguages.TryParse(tag, out DisplayLanguage language));
        Assert.Equal(expected, language);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("zh-TW")]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hant-CN")]
    [InlineData("zh-HK")]
    [InlineData("fr")]
    [InlineData("english")]
    [InlineData("eng")]
    [InlineData("zhCN")]
    [InlineData("-zh")]
    [InlineData("zh-CN-zh-CN-zh-CN-zh-CN-zh-CN-zh-CN-zh-CN")]
    public void TryParse_AnythingElse_IsFalse_AndEnglish(string? tag)
    {
        Assert.False(DisplayLanguages.TryParse(tag, out DisplayLanguage language));
        Assert.Equal(DisplayLanguage.English, language);
    }

    [Fact]
    public void TryParse_AgreesWithFromCulture_ForEveryCultureTheRuntimeKnows()
    {
        // The tag rule walks subtags the way a culture walks its parents: for every ICU culture, a parsed tag gives the
        // language its CultureInfo gives, and every simplified Chinese culture parses.
        CultureInfo[] cultures = CultureInfo.GetCultures(CultureTypes.AllCultures).Where(c => c.Name.Length > 0).ToArray();
        Assert.NotEmpty(cultures);
        var disagreements = new List<string>();
        foreach (CultureInfo c in cultures)
        {
            DisplayLanguage fromCulture = DisplayLanguages.FromCulture(c);
            bool parsed = DisplayLanguages.TryParse(c.Name, out DisplayLanguage fromTag);
            if ((parsed && fromTag != fromCulture) || (fromCulture == DisplayLanguage.SimplifiedChinese && !parsed))
            {
                disagreements.Add($"{c.Name}: culture {fromCulture}, tag {(parsed ? fromTag : "unparsed")}");
            }
        }

        Assert.Empty(disagreements);
        Assert.Contains(cultures, c => DisplayLanguages.FromCulture(c) == DisplayLanguage.SimplifiedChinese);
    }
}
