namespace PosAuth.Sessions;

/// <summary>
/// A trigger was applied in a state where <see cref="TerminalSessionTransitions.Allowed"/> does
/// not allow it. Nothing was changed: neither the state nor the store.
/// </summary>
public sealed class InvalidSessionTransitionException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="from">The current (unchanged) state.</param>
    /// <param name="trigger">The refused trigger.</param>
    /// <param name="attemptedTo">The target state that was refused, when one was computed.</param>
    public InvalidSessionTransitionException(string terminalId, TerminalSessionState from, SessionTrigger trigger, TerminalSessionState? attemptedTo = null)
        : base(
            SessionErrorCodes.InvalidTransition,
            terminalId,
            attemptedTo is { } to
                ? $"Terminal {terminalId}: {trigger} may not move the session from {from} to {to}."
                : $"Terminal {terminalId}: {trigger} is not allowed in state {from}.")
    {
        From = from;
        Trigger = trigger;
        AttemptedTo = attemptedTo;
    }

    /// <summary>The current state, which is also the state after the refusal.</summary>
    public TerminalSessionState From { get; }

    /// <summary>The refused trigger.</summary>
    public SessionTrigger Trigger { get; }

    /// <summary>The refused target state, when one was computed.</summary>
    public TerminalSessionState? AttemptedTo { get; }
}
