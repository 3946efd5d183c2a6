using System.Globalization;

namespace PosAuth.Sessions.Tests.State;

public sealed class TerminalSessionStateExtensionsTests
{
    [Theory]
    [InlineData(TerminalSessionState.AwaitingOperator, "请签到", "Please sign in")]
    [InlineData(TerminalSessionState.Locked, "终端已锁定", "Terminal locked")]
    [InlineData(TerminalSessionState.Maintenance, "系统维护中", "System maintenance")]
    [InlineData(TerminalSessionState.SignedOut, "已签退", "Signed out")]
    public void GetScreenText_IsChineseForZhCultures_AndEnglishOtherwise(TerminalSessionState state, string zh, string en)
    {
        Assert.Equal(zh, state.GetScreenText(CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal(en, state.GetScreenText(CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void GetScreenText_CoversEveryState()
    {
        foreach (TerminalSessionState s in Enum.GetValues<TerminalSessionState>())
        {
            Assert.False(string.IsNullOrWhiteSpace(s.GetScreenText(CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void GetScreenText_WithALanguage_IsTheTextOfTheMatchingCulture()
    {
        foreach (TerminalSessionState s in Enum.GetValues<TerminalSessionState>())
        {
            Assert.Equal(s.GetScreenText(CultureInfo.GetCultureInfo("zh-CN")), s.GetScreenText(DisplayLanguage.SimplifiedChinese));
            Assert.Equal(s.GetScreenText(CultureInfo.GetCultureInfo("en-US")), s.GetScreenText(DisplayLanguage.English));
        }
    }

    [Theory]
    [InlineData("zh-TW")]
    [InlineData("zh-HK")]
    [InlineData("zh-Hant")]
    public void GetScreenText_TraditionalChinese_IsEnglish_LikeTheErrorCodes(string culture) =>
        Assert.Equal("Please sign in", TerminalSessionState.AwaitingOperator.GetScreenText(CultureInfo.GetCultureInfo(culture)));

    [Fact]
    public void SessionErrorDescription_WithALanguage_IsTheTextOfTheMatchingCulture()
    {
        foreach (SessionErrorKind kind in Enum.GetValues<SessionErrorKind>())
        {
            SessionError e = SessionError.Create(kind);
            Assert.Equal(e.GetDescription(CultureInfo.GetCultureInfo("zh-Hans-CN")), e.GetDescription(DisplayLanguage.SimplifiedChinese));
            Assert.Equal(e.Description, e.GetDescription(DisplayLanguage.English));
            Assert.NotEqual(e.Description, e.GetDescription(DisplayLanguage.SimplifiedChinese));
        }
    }
}
