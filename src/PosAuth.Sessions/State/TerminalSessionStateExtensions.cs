using System.Globalization;

namespace PosAuth.Sessions;

/// <summary>Screen texts for <see cref="TerminalSessionState"/> in Chinese (zh-CN) and English.</summary>
public static class TerminalSessionStateExtensions
{
    /// <summary>
    /// The text a terminal shows in <paramref name="state"/>: Chinese when <paramref name="culture"/>
    /// (default: the current UI culture) is a Chinese culture, English otherwise.
    /// </summary>
    /// <param name="state">The session state.</param>
    /// <param name="culture">The display culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>For example 请签到, 终端已锁定, 系统维护中, 已签退.</returns>
    public static string GetScreenText(this TerminalSessionState state, CultureInfo? culture = null)
    {
        bool zh = (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "zh";
        return state switch
        {
            TerminalSessionState.AwaitingOperator => zh ? "请签到" : "Please sign in",
            TerminalSessionState.OperatorSignedIn => zh ? "操作员已登录，请终端签到" : "Operator signed in, terminal sign-in pending",
            TerminalSessionState.Ready => zh ? "签到成功，可以交易" : "Ready",
            TerminalSessionState.Locked => zh ? "终端已锁定" : "Terminal locked",
            TerminalSessionState.SignInRequired => zh ? "请重新签到" : "Please sign in again",
            TerminalSessionState.Maintenance => zh ? "系统维护中" : "System maintenance",
            TerminalSessionState.SignedOut => zh ? "已签退" : "Signed out",
            TerminalSessionState.PinChangeRequired => zh ? "请修改密码" : "Please change your PIN",
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }
}
