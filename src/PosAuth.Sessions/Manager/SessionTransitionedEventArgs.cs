namespace PosAuth.Sessions;

/// <summary>Data of <see cref="TerminalSessionManager.Transitioned"/>, raised after the new snapshot was saved. Never carries a PIN.</summary>
public sealed class SessionTransitionedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="from">The state before.</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="session">The saved snapshot after the transition.</param>
    /// <param name="actorOperatorId">The operator who caused it (the supervisor who unlocked, the administrator who entered maintenance…), or <see langword="null"/> for the system.</param>
    /// <param name="occurredAt">When it happened.</param>
    public SessionTransitionedEventArgs(TerminalSessionState from, SessionTrigger trigger, TerminalSession session, string? actorOperatorId, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        From = from;
        Trigger = trigger;
        Session = session;
        ActorOperatorId = actorOperatorId;
        OccurredAt = occurredAt;
    }

    /// <summary>The terminal number.</summary>
    public string TerminalId => Session.TerminalId;

    /// <summary>The state before.</summary>
    public TerminalSessionState From { get; }

    /// <summary>The state after.</summary>
    public TerminalSessionState To => Session.State;

    /// <summary>What happened.</summary>
    public SessionTrigger Trigger { get; }

    /// <summary>The saved snapshot after the transition.</summary>
    public TerminalSession Session { get; }

    /// <summary>The operator who caused the transition, or <see langword="null"/> for the system (idle timer, restart, host demand).</summary>
    public string? ActorOperatorId { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset OccurredAt { get; }
}
