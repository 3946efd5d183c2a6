using System.Text.RegularExpressions;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>Every page text exists in both languages, and the Chinese one is Chinese (not an English copy).</summary>
public sealed partial class TextsTests
{
    [Fact]
    public void EveryText_HasEnglishAndChinese_WithTheSamePlaceholders()
    {
        foreach ((string key, string en, string zh) in Texts.Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            Assert.False(string.IsNullOrWhiteSpace(zh), key);
            Assert.Equal(Placeholders().Matches(en).Select(m => m.Value).Order(), Placeholders().Matches(zh).Select(m => m.Value).Order());
            if (key != "nav.language")
            {
                Assert.True(Han().IsMatch(zh), $"{key}: no Chinese in \"{zh}\"");
            }
        }
    }

    [Fact]
    public void AMissingKey_ShowsTheKey_SoATestSeesIt() => Assert.Equal("no.such.key", Texts.Zh["no.such.key"]);

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    public void AuditCsv_QuotesAndDefusesFormulas(string value, string cell) => Assert.Equal(cell, AuditCsv.Cell(value));

    [GeneratedRegex("\\{[0-9]+\\}")]
    private static partial Regex Placeholders();

    [GeneratedRegex("\\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
