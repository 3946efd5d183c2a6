namespace PosAuth.Sessions;

/// <summary>What <see cref="TerminalSessionManager.RestoreOrStartAsync"/> keeps of a stored session after a restart. Batch number and shift counter always survive.</summary>
public enum SessionRestorePolicy
{
    /// <summary>
    /// Default. Everybody signs in again: a session with an operator goes to
    /// <see cref="TerminalSessionState.AwaitingOperator"/> with reason <see cref="SignInRequiredReason.Restart"/>.
    /// </summary>
    RequireSignIn = 0,

    /// <summary>
    /// The operator stays signed in (a lock stays locked) but the host sign-in must be repeated:
    /// <see cref="TerminalSessionState.Ready"/> becomes <see cref="TerminalSessionState.SignInRequired"/>.
    /// </summary>
    ResumeOperator = 1,

    /// <summary>Everything is restored as it was, including <see cref="TerminalSessionState.Ready"/> (for hosts that keep the session across power cycles); day cut-over and session age still apply.</summary>
    ResumeAll = 2,
}
