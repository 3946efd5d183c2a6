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
}
