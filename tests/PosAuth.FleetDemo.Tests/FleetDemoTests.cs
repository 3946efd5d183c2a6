using System.Text.RegularExpressions;

namespace PosAuth.FleetDemo.Tests;

/// <summary>The fleet demo runs end to end (a back office and three lanes on loopback) and holds its promises.</summary>
public sealed class FleetDemoTests
{
    [Fact]
    public async Task FleetDemo_BothLanguages_ExitsZero_AndTheAttackerGetsNoMoreThanTheBudget()
    {
        var output = new StringWriter { NewLine = "\n" };
        int code = await FleetDemoApp.RunAsync([], output);
        string text = output.ToString();

        Assert.True(code == 0, text);
        Match budget = Regex.Match(text, @"\[figure\] guesses admitted (\d+) / budget (\d+)");
        Assert.True(budget.Success, text);
        int admitted = int.Parse(budget.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int limit = int.Parse(budget.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5, limit);
        Assert.InRange(admitted, 1, limit);
        Assert.Matches(@"\[数据\] 猜测核验 \d+ / 额度 5", text);
        Assert.Matches(@"\[figure\] reset propagation \d+ ms \(3 lanes\)", text);
        Assert.Contains("云端后台重置", text, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetDemo_ZhCnOnly_PrintsNoEnglishNarration()
    {
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(0, await FleetDemoApp.RunAsync(["--lang", "zh-CN"], output));
        string text = output.ToString();
        Assert.Contains("[数据] 猜测核验", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[figure]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cloud reset", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetDemo_UnknownArgument_IsRefusedWithUsage()
    {
        var output = new StringWriter();
        Assert.Equal(2, await FleetDemoApp.RunAsync(["--lang", "fr"], output));
        Assert.StartsWith("usage:", output.ToString(), StringComparison.Ordinal);
    }
}
