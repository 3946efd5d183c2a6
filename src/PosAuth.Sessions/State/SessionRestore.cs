namespace PosAuth.Sessions;

/// <summary>
/// What a stored session becomes at power on, under a <see cref="SessionRestorePolicy"/>: the pure rule behind
/// <see cref="TerminalSessionManager.RestoreOrStartAsync"/>. The batch number and the shift counter always survive.
/// </summary>
internal static class SessionRestore
{
    /// <summary>
    /// The session after a restart: each state (also the one before a lock or maintenance) restored under the policy;
    /// an operator session sent back to <see cref="TerminalSessionState.AwaitingOperator"/> loses its operator, and a
    /// lost host session records <see cref="SignInRequiredReason.Restart"/>.
    /// </summary>
    /// <param name="s">The stored session.</param>
    /// <param name="policy">The restore policy.</param>
    /// <returns>The restored session (the power-on transition is committed by the manager).</returns>
    public static TerminalSession Restore(TerminalSession s, SessionRestorePolicy policy)
    {
        TerminalSession next = s.State switch
        {
            TerminalSessionState.Maintenance => s with { StateBeforeMaintenance = RestoreState(s.StateBeforeMaintenance ?? TerminalSessionState.AwaitingOperator, policy) },
            _ => s with { State = RestoreState(s.State, policy) },
        };
        if (next.State == TerminalSessionState.Locked)
        {
            next = next with { StateBeforeLock = RestoreState(s.StateBeforeLock ?? TerminalSessionState.SignInRequired, policy) };
        }

        TerminalSessionState effective = next.State == TerminalSessionState.Maintenance ? next.StateBeforeMaintenance!.Value : next.State;
        TerminalSessionState previous = s.State == TerminalSessionState.Maintenance ? s.StateBeforeMaintenance ?? TerminalSessionState.AwaitingOperator : s.State;
        if (effective == TerminalSessionState.AwaitingOperator && previous != TerminalSessionState.AwaitingOperator)
        {
            return next with
            {
                OperatorId = null,
                OperatorRole = null,
                OperatorSignedInAt = null,
                SessionStartedAt = null,
                StateBeforeLock = null,
                SignInRequiredReason = SignInRequiredReason.Restart,
                SignInRequiredResponseCode = null,
            };
        }

        bool hostSessionLost = (previous == TerminalSessionState.Ready || (previous == TerminalSessionState.Locked && s.StateBeforeLock == TerminalSessionState.Ready))
            && policy != SessionRestorePolicy.ResumeAll;
        return hostSessionLost
            ? next with { SignInRequiredReason = SignInRequiredReason.Restart, SignInRequiredResponseCode = null }
            : next;
    }

    /// <summary>
    /// One state after a restart: <see cref="SessionRestorePolicy.RequireSignIn"/> sends every operator state back to
    /// <see cref="TerminalSessionState.AwaitingOperator"/>; <see cref="SessionRestorePolicy.ResumeOperator"/> turns
    /// <see cref="TerminalSessionState.Ready"/> into <see cref="TerminalSessionState.SignInRequired"/>; everything else is kept.
    /// </summary>
    /// <param name="state">The state before the restart.</param>
    /// <param name="policy">The restore policy.</param>
    /// <returns>The state after it.</returns>
    public static TerminalSessionState RestoreState(TerminalSessionState state, SessionRestorePolicy policy) => (state, policy) switch
    {
        (TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired or TerminalSessionState.Locked
            or TerminalSessionState.PinChangeRequired, SessionRestorePolicy.RequireSignIn) => TerminalSessionState.AwaitingOperator,
        (TerminalSessionState.Ready, SessionRestorePolicy.ResumeOperator) => TerminalSessionState.SignInRequired,
        _ => state,
    };
}
