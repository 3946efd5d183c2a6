using System.Globalization;

namespace PosAuth.Sessions;

/// <summary>Screen texts for <see cref="TerminalSessionState"/> in simplified Chinese (zh-CN) and English.</summary>
public static class TerminalSessionStateExtensions
{
    /// <summary>
    /// The text a terminal shows in <paramref name="state"/>, in the language <paramref name="culture"/> reads
    /// (<see cref="DisplayLanguages.FromCulture"/>: simplified Chinese for zh, zh-Hans, zh-CN, zh-SG; English otherwise).
    /// In an <c>InvariantGlobalization</c> app no zh-CN culture can be created: use <see cref="GetScreenText(TerminalSessionState, DisplayLanguage)"/>.
    /// </summary>
    /// <param name="state">The session state.</param>
    /// <param name="culture">The display culture; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>For example 请签到, 终端已锁定, 系统维护中, 已签退.</returns>
    public static string GetScreenText(this TerminalSessionState state, CultureInfo? culture = null) =>
        state.GetScreenText(DisplayLanguages.FromCulture(culture));

    /// <summary>The text a terminal shows in <paramref name="state"/>, in <paramref name="language"/> (no culture needed).</summary>
    /// <param name="state">The session state.</param>
    /// <param name="language">The display language.</param>
    /// <returns>For example 请签到, 终端已锁定, 系统维护中, 已签退.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not defined.</exception>
    public static string GetScreenText(this TerminalSessionState state, DisplayLanguage language)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
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
