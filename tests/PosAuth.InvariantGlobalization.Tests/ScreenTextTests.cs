using System.Globalization;
using PosAuth.ErrorCodes;
using PosAuth.Sessions;

namespace PosAuth.InvariantGlobalization.Tests;

/// <summary>
/// Simplified Chinese texts under <c>InvariantGlobalization</c>, where <c>new CultureInfo("zh-CN")</c> throws
/// <see cref="CultureNotFoundException"/>: every text API takes an explicit <see cref="DisplayLanguage"/>.
/// </summary>
public sealed class ScreenTextTests
{
    [Fact]
    public void ThisProcess_RunsUnderInvariantGlobalization()
    {
        // Guard: if the runtimeconfig switch were lost, every other test here would prove nothing.
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out bool invariant) && invariant);
        Assert.Throws<CultureNotFoundException>(() => new CultureInfo("zh-CN"));
        Assert.Throws<CultureNotFoundException>(() => CultureInfo.GetCultureInfo("zh-Hans"));
        Assert.Equal(DisplayLanguage.English, DisplayLanguages.FromCulture());
    }

    [Theory]
    [InlineData(TerminalSessionState.AwaitingOperator, "请签到")]
    [InlineData(TerminalSessionState.OperatorSignedIn, "操作员已登录，请终端签到")]
    [InlineData(TerminalSessionState.Ready, "签到成功，可以交易")]
    [InlineData(TerminalSessionState.Locked, "终端已锁定")]
    [InlineData(TerminalSessionState.SignInRequired, "请重新签到")]
    [InlineData(TerminalSessionState.Maintenance, "系统维护中")]
    [InlineData(TerminalSessionState.SignedOut, "已签退")]
    [InlineData(TerminalSessionState.PinChangeRequired, "请修改密码")]
    public void SessionScreenText_InSimplifiedChinese(TerminalSessionState state, string zh)
    {
        Assert.True(DisplayLanguages.TryParse("zh-CN", out DisplayLanguage language));

        Assert.Equal(zh, state.GetScreenText(language));
        Assert.Equal(zh, state.GetScreenText(DisplayLanguage.SimplifiedChinese));
    }

    [Fact]
    public void SessionScreenText_CoversEveryState_InChinese_AndDiffersFromEnglish()
    {
        foreach (TerminalSessionState state in Enum.GetValues<TerminalSessionState>())
        {
            string zh = state.GetScreenText(DisplayLanguage.SimplifiedChinese);
            Assert.True(IsChinese(zh), $"{state}: {zh}");
            Assert.NotEqual(state.GetScreenText(DisplayLanguage.English), zh);
        }
    }

    [Fact]
    public void SessionErrorDescriptions_InSimplifiedChinese()
    {
        Assert.Equal("请先修改密码", SessionError.Create(SessionErrorKind.PinChangeRequired).GetDescription(DisplayLanguage.SimplifiedChinese));
        foreach (SessionErrorKind kind in Enum.GetValues<SessionErrorKind>())
        {
            SessionError error = SessionError.Create(kind);
            string zh = error.GetDescription(DisplayLanguage.SimplifiedChinese);
            Assert.True(IsChinese(zh), $"{kind}: {zh}");
            Assert.Equal(error.Description, error.GetDescription(DisplayLanguage.English));
        }
    }

    [Fact]
    public void ErrorCodeMessagesAndNames_InSimplifiedChinese()
    {
        ErrorClassification wrongPin = new ErrorCodeClassifier().Classify(ErrorSource.Iso8583, "55");

        Assert.Equal(wrongPin.MessageZh, wrongPin.Message(DisplayLanguage.SimplifiedChinese));
        Assert.True(IsChinese(wrongPin.MessageZh), wrongPin.MessageZh);
        Assert.Equal(wrongPin.MessageEn, wrongPin.Message(DisplayLanguage.English));
        Assert.Equal(wrongPin.MessageEn, wrongPin.Message()); // the current UI culture is the invariant one: English
        Assert.Equal("密码错误", ErrorCodeNames.Of(ErrorCategory.WrongPin).For(DisplayLanguage.SimplifiedChinese));
        foreach (ErrorCategory category in Enum.GetValues<ErrorCategory>())
        {
            Assert.True(IsChinese(ErrorCodeNames.Of(category).For(DisplayLanguage.SimplifiedChinese)), category.ToString());
        }
    }

    private static bool IsChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');
}
