using System.Text.Json;
using System.Text.RegularExpressions;
using PosAuth.ErrorCodes;

namespace PosAuth.Cli.Tests.Commands;

public sealed partial class ExplainCommandTests
{
    [Fact]
    public void Explain_77CupJson_ReportsSignInAgainAndRequiresSignIn()
    {
        CliResult result = CliRunner.Run(null, "explain", "77", "--source", "cup", "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(
            ["code", "source", "category", "action", "retryable", "requiresSignIn", "cupClass", "message"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("77", root.GetProperty("code").GetString());
        Assert.Equal("UnionPay", root.GetProperty("source").GetString());
        Assert.Equal("SignInRequired", root.GetProperty("category").GetString());
        Assert.Equal("SignInAgain", root.GetProperty("action").GetString());
        Assert.True(root.GetProperty("requiresSignIn").GetBoolean());
        Assert.True(root.GetProperty("retryable").GetBoolean());
        Assert.Equal("D", root.GetProperty("cupClass").GetString());
        Assert.Contains("签到", root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_A0CupZhCn_PrintsChineseSignInAgainMessage()
    {
        CliResult result = CliRunner.Run(null, "explain", "A0", "--source", "cup", "--lang", "zh-CN");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "代码：        A0",
                "来源：        银联",
                "类别：        需要重新签到（SignInRequired）",
                "处理方式：    终端重新签到（SignInAgain）",
                "可以重试：    是",
                "需要重新签到：是",
                "银联处理类别：B 类：失败，可重试",
                "提示信息：    MAC 校验错，请重新签到",
            ],
            result.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Explain_77InEnglish_PrintsWordsWithTheCodesBeside()
    {
        CliResult result = CliRunner.Run(null, "explain", "77", "--lang", "en");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "code:           77",
                "source:         UnionPay (CUPS)",
                "category:       sign-in required (SignInRequired)",
                "action:         sign the terminal in again (SignInAgain)",
                "retryable:      yes",
                "sign in again:  yes",
                "UnionPay class: D: failed, the operator must act",
                $"message:        {new ErrorCodeClassifier().Classify(ErrorSource.UnionPay, "77").MessageEn}",
            ],
            result.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("cup", "00")]
    [InlineData("cup", "55")]
    [InlineData("cup", "77")]
    [InlineData("cup", "A0")]
    [InlineData("cup", "05")]
    [InlineData("cup", "ZZ")]
    [InlineData("cup", "\u0001")]
    [InlineData("iso8583", "51")]
    [InlineData("iso8583-1993", "117")]
    [InlineData("device", "PINPAD_NOT_CONNECTED")]
    [InlineData("transport", "RESPONSE_TIMEOUT")]
    public void Explain_InChinese_EveryLineIsChinese_ExceptCodes(string source, string code)
    {
        CliResult result = CliRunner.Run(null, "explain", code, "--source", source, "--lang", "zh-CN");

        foreach (string line in result.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            // Codes stay codes: the response code itself, the enum member names beside the words, and acronyms.
            string words = Codes().Replace(line.Replace(code, string.Empty, StringComparison.Ordinal), string.Empty);
            Assert.DoesNotMatch(LatinLetter(), words);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", line);
        }
    }

    [Fact]
    public void Explain_Json_WritesChineseUnescaped()
    {
        CliResult result = CliRunner.Run(null, "explain", "a0 ", "--json");

        Assert.Contains("\"message\":\"MAC 校验错，请重新签到\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"A0\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_55InEnglish_IsWrongPinReEnterPin()
    {
        CliResult result = CliRunner.Run(null, "explain", "55", "--source", "iso8583", "--lang", "en", "--json");

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("WrongPin", json.RootElement.GetProperty("category").GetString());
        Assert.Equal("ReEnterPin", json.RootElement.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("cupClass").ValueKind);
        Assert.Equal("Iso8583", json.RootElement.GetProperty("source").GetString());
        Assert.StartsWith("Incorrect PIN", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("device", "PINPAD_NOT_CONNECTED", "DeviceFault")]
    [InlineData("transport", "response_timeout", "Communication")]
    [InlineData("iso8583-1993", "117", "WrongPin")]
    public void Explain_OtherSources_Classify(string source, string code, string category)
    {
        CliResult result = CliRunner.Run(null, "explain", code, "--source", source, "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(category, json.RootElement.GetProperty("category").GetString());
    }

    [Fact]
    public void Explain_UnknownCode_PrintsTransactionFailedAndExits1()
    {
        CliResult result = CliRunner.Run(null, "explain", "ZZ", "--json");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("Unknown", json.RootElement.GetProperty("category").GetString());
        Assert.Equal("ContactAcquirer", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("交易失败", json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("--source", "visa")]
    [InlineData("--lang", "fr")]
    public void Explain_BadOption_Exits2WithMessage(string option, string value)
    {
        CliResult result = CliRunner.Run(null, "explain", "55", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Explain_WithoutCode_Exits2()
    {
        CliResult result = CliRunner.Run(null, "explain");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("expected the code", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WithOverrideFile_UsesTheAcquirerTable()
    {
        string path = Path.Combine(Path.GetTempPath(), "posauth-cli-ec-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "version": 1, "codes": [ { "source": "UnionPay", "code": "C1", "category": "SignInRequired", "action": "SignInAgain", "messageZh": "受理方状态非法，请重新签到", "messageEn": "Acquirer state invalid; sign in again" } ] }""");
        try
        {
            CliResult ok = CliRunner.Run(null, "explain", "C1", "--overrides", path, "--json");
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("受理方状态非法", ok.Stdout, StringComparison.Ordinal);

            File.WriteAllText(path, """{ "version": 1, "codes": [ { "source": "UnionPay", "code": "C1" } ] }""");
            CliResult bad = CliRunner.Run(null, "explain", "C1", "--overrides", path);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("codes[0] (code 'C1')", bad.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Explain_Help_DocumentsDefaultsAndExitCodes()
    {
        CliResult result = CliRunner.Run(null, "explain", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Default source: cup", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 unknown code", result.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\((?:[A-Za-z0-9]+)\)|（[A-Za-z0-9]+）|\bMAC\b|\bPIN\b|\bISO\b|\bIC\b|\b[A-E](?= 类)")]
    private static partial Regex Codes();

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex LatinLetter();
}
