using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Demo.Tests;

public sealed class TextWidthTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("签到", 4)]
    [InlineData("１２", 4)]
    [InlineData("（）：", 6)]
    [InlineData("✔ ·", 5)]
    [InlineData("𠀋", 2)]
    public void Of_CountsWideCharactersAsTwo(string text, int width) => Assert.Equal(width, TextWidth.Of(text));

    [Fact]
    public void Wrap_BreaksBetweenChineseCharacters_NeverBeforeClosingPunctuation_NorInsideAWord()
    {
        string[] lines = TextWidth.Wrap("恢复出厂设置：只保留三个默认账户，清除锁定和会话。 PinChangeRequired", "    ", "    ", 24).ToArray();

        Assert.All(lines, l => Assert.True(TextWidth.Of(l) <= 24, l));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith('，') || l.TrimStart().StartsWith('。') || l.TrimStart().StartsWith('：'));
        Assert.Contains(lines, l => l.Trim() == "PinChangeRequired");
    }

    [Property]
    public Property Wrap_AnyText_FitsTheWidth_AndLosesNothingButBreakSpaces()
    {
        string[] pieces = ["签到", "密码错误，", "还可尝试", "2", "次。", "Wrong", "PIN,", "attempts", "（Ready）", "(SignedOut)", "000002", "/tmp/posauth-demo/a-very-long-path/posauth.db"];
        Arbitrary<(int[] Picks, int Width)> inputs = Gen.Choose(0, pieces.Length - 1).ArrayOf()
            .SelectMany(picks => Gen.Choose(12, 80).Select(width => (picks, width))).ToArbitrary();

        return Prop.ForAll(inputs, input =>
        {
            string text = string.Join(" ", input.Picks.Select(i => pieces[i]));
            string[] lines = TextWidth.Wrap(text, "  ", "    ", input.Width).ToArray();
            Assert.All(lines, l => Assert.True(TextWidth.Of(l) <= input.Width, $"{TextWidth.Of(l)} > {input.Width}: {l}"));
            Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
        });
    }
}
