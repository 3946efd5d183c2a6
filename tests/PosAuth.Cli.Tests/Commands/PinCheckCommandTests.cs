using System.Text.Json;
using System.Text.RegularExpressions;
using PosAuth.Cli.Text;
using PosAuth.Hashing;

namespace PosAuth.Cli.Tests.Commands;

public sealed partial class PinCheckCommandTests
{
    [Theory]
    [InlineData("1234", "operator", "Sequence")]
    [InlineData("0000", "operator", "AllSameDigit")]
    [InlineData("2580", "operator", "KeypadPattern")]
    [InlineData("147258", "supervisor", "KeypadPattern")]
    [InlineData("123123", "supervisor", "RepeatedBlock")]
    [InlineData("112233", "supervisor", "RepeatedBlock")]
    [InlineData("13579", "operator", "Sequence")]
    [InlineData("12345678", "admin", "Sequence")]
    public void PinCheck_WeakPin_PrintsRejectedWithCodesAndExits1(string pin, string role, string code)
    {
        CliResult result = CliRunner.Run(pin + "\n", "pin-check", "--role", role);
        Assert.Equal(1, result.ExitCode);
        string line = result.Lines[0];
        Assert.StartsWith("rejected: ", line, StringComparison.Ordinal);
        Assert.Contains(code, line.Substring("rejected: ".Length).Split(", "));
    }

    [Fact]
    public void PinCheck_1234_PrintsTheCodes_ThenEachReasonInWords()
    {
        Assert.Equal(
            ["rejected: Sequence, CommonPin", "Sequence: digits in a run (1234, 9876, 13579)", "CommonPin: one of the most common PINs"],
            CliRunner.Run("1234", "pin-check").Lines);
    }

    [Fact]
    public void PinCheck_1234_InChinese_PrintsChineseWords_AndKeepsTheCodes()
    {
        Assert.Equal(
            ["不通过：Sequence、CommonPin", "Sequence：连续或等差的数字（如 1234、9876、13579）", "CommonPin：最常用的密码之一"],
            CliRunner.Run("1234", "pin-check", "--lang", "zh-CN").Lines);
    }

    [Theory]
    [InlineData("1234", "operator")]
    [InlineData("0000", "operator")]
    [InlineData("2580", "operator")]
    [InlineData("1986", "operator")]
    [InlineData("0815", "operator")]
    [InlineData("123", "operator")]
    [InlineData("1234567", "operator")]
    [InlineData("12a4", "operator")]
    [InlineData("4739", "operator")]
    [InlineData("730194", "admin")]
    [InlineData("730194", "supervisor")]
    public void PinCheck_InChinese_HasNoEnglishWordsOutsideTheCodes(string pin, string role)
    {
        CliResult result = CliRunner.Run(pin, "pin-check", "--role", role, "--lang", "zh-CN", "--operator-id", "4739");

        foreach (string line in result.Lines)
        {
            string words = ReasonCode().Replace(line, string.Empty);
            Assert.DoesNotMatch(LatinLetter(), words);
        }
    }

    [Fact]
    public void PinCheck_Json_KeepsTheCodesMachineReadable_WithTheWordsBeside()
    {
        CliResult result = CliRunner.Run("1234", "pin-check", "--json", "--lang", "zh-CN");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("accepted").GetBoolean());
        JsonElement[] reasons = [.. json.RootElement.GetProperty("reasons").EnumerateArray()];
        Assert.Equal(["Sequence", "CommonPin"], reasons.Select(r => r.GetProperty("code").GetString()));
        Assert.Equal("最常用的密码之一", reasons[1].GetProperty("message").GetString());
    }

    [Fact]
    public void PinCheck_Json_Accepted()
    {
        CliResult result = CliRunner.Run("730194", "pin-check", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"accepted\":true,\"reasons\":[]}", result.Stdout.Trim());
    }

    [Fact]
    public void EveryReason_HasWordsInBothLanguages()
    {
        var lengths = new PinLengthRule(4, 6);
        foreach (PinRejectionReason reason in Enum.GetValues<PinRejectionReason>())
        {
            string zh = PinReasonTexts.Describe(reason, DisplayLanguage.SimplifiedChinese, lengths);
            string en = PinReasonTexts.Describe(reason, DisplayLanguage.English, lengths);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh);
            Assert.DoesNotMatch(LatinLetter(), zh);
            Assert.Matches("^[a-z]", en);
            Assert.NotEqual(((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture), en);
        }
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("supervisor")]
    public void PinCheck_RandomLookingPin_PrintsAcceptedAndExits0(string role)
    {
        CliResult result = CliRunner.Run("730194\n", "pin-check", "--role", role);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["accepted"], result.Lines);
        Assert.Equal(["通过"], CliRunner.Run("730194\n", "pin-check", "--role", role, "--lang", "zh-CN").Lines);
    }

    [Fact]
    public void PinCheck_WhenLengthWrongForRole_RejectsTooShort_AndSaysTheLength()
    {
        Assert.Equal(["rejected: TooShort", "TooShort: too short: this role's PIN has 8 digits"], CliRunner.Run("730194", "pin-check", "--role", "admin").Lines);
    }

    [Fact]
    public void PinCheck_WhenPinEqualsOperatorId_Rejects()
    {
        Assert.Equal("rejected: EqualsOperatorId", CliRunner.Run("4739", "pin-check", "--operator-id", "4739").Lines[0]);
    }

    [Fact]
    public void PinCheck_WhenStdinEmpty_Exits2()
    {
        CliResult result = CliRunner.Run("", "pin-check");
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }

    [Fact]
    public void PinCheck_WhenRoleUnknown_Exits2()
    {
        Assert.Equal(2, CliRunner.Run("730194", "pin-check", "--role", "cashier").ExitCode);
    }

    [Fact]
    public void PinCheck_WhenLangUnknown_Exits2()
    {
        Assert.Equal(["posauth pin-check: --lang must be en or zh-CN."], CliRunner.Run("730194", "pin-check", "--lang", "fr").ErrorLines);
    }

    [Fact]
    public void PinCheck_WhenPinGivenAsArgument_RefusesIt()
    {
        CliResult result = CliRunner.Run("", "pin-check", "1234");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never from arguments", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("TooShort|TooLong|NonDigit|AllSameDigit|Sequence|RepeatedBlock|KeypadPattern|YearLike|DateLike|CommonPin|EqualsOperatorId|EqualsTerminalId|EqualsFactoryDefault|ReusedPreviousPin")]
    private static partial Regex ReasonCode();

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex LatinLetter();
}
