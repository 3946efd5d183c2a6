namespace PosAuth.Sessions;

/// <summary>
/// The state of a terminal's sign-in session. The allowed moves between states are listed in
/// <see cref="TerminalSessionTransitions.Allowed"/>; the screen text of each state comes from
/// <see cref="TerminalSessionStateExtensions.GetScreenText(TerminalSessionState, DisplayLanguage)"/>.
/// </summary>
public enum TerminalSessionState
{
    /// <summary>No operator is signed in (screen: 请签到 / "Please sign in").</summary>
    AwaitingOperator = 0,

    /// <summary>An operator is signed in; the terminal has not (yet) signed in to the host.</summary>
    OperatorSignedIn = 1,

    /// <summary>Operator and host sign-in done, batch open: the terminal may transact.</summary>
    Ready = 2,

    /// <summary>Locked by the idle timer or by hand (终端已锁定); the same operator or a supervisor unlocks.</summary>
    Locked = 3,

    /// <summary>The host sign-in must be repeated (response 77, key errors, batch mismatch, day cut-over, session age…).</summary>
    SignInRequired = 4,

    /// <summary>System maintenance (系统维护中), entered and left by the administrator only.</summary>
    Maintenance = 5,

    /// <summary>Signed out (签退): shift closed, no operator signed in.</summary>
    SignedOut = 6,

    /// <summary>
    /// An operator signed in with a PIN that must change (factory default, reset, temporary or one-time PIN): only the
    /// PIN change (<see cref="SessionTrigger.ChangePin"/>) and sign-out are possible (screen: 请修改密码).
    /// </summary>
    PinChangeRequired = 7,
}
