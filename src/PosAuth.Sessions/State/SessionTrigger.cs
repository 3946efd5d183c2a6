namespace PosAuth.Sessions;

/// <summary>What moves a terminal session from one <see cref="TerminalSessionState"/> to another.</summary>
public enum SessionTrigger
{
    /// <summary>Power on: the session is started or restored from the store under the restore policy.</summary>
    PowerOn = 0,

    /// <summary>An operator signs in with number and PIN.</summary>
    OperatorSignIn = 1,

    /// <summary>The terminal signed in to the host (0800/0810 approved).</summary>
    HostSignIn = 2,

    /// <summary>The terminal's host sign-in failed (declined, no answer, exchange error).</summary>
    HostSignInFailed = 3,

    /// <summary>The terminal is locked by hand.</summary>
    Lock = 4,

    /// <summary>The terminal is locked because nobody used it for the idle period.</summary>
    IdleTimeout = 5,

    /// <summary>The terminal is unlocked by the same operator or a supervisor.</summary>
    Unlock = 6,

    /// <summary>A new host sign-in is required (host demand, batch mismatch, day cut-over, session age…).</summary>
    RequireSignIn = 7,

    /// <summary>Shift handover: another operator takes over without a terminal sign-out.</summary>
    ShiftHandover = 8,

    /// <summary>Sign-out (签退): the shift closes.</summary>
    SignOut = 9,

    /// <summary>The administrator enters maintenance mode.</summary>
    EnterMaintenance = 10,

    /// <summary>The administrator leaves maintenance mode.</summary>
    ExitMaintenance = 11,

    /// <summary>The signed-in operator changed the PIN (a required change ends <see cref="TerminalSessionState.PinChangeRequired"/>).</summary>
    ChangePin = 12,
}
