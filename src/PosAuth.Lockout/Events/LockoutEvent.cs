namespace PosAuth.Lockout;

/// <summary>An audit event raised to every <see cref="ILockoutObserver"/>. Carries no secret.</summary>
public sealed record LockoutEvent
{
    /// <summary>What happened.</summary>
    public required LockoutEventKind Kind { get; init; }

    /// <summary>The terminal.</summary>
    public required string TerminalId { get; init; }

    /// <summary>The operator, or <see langword="null"/> for <see cref="LockoutEventKind.Throttled"/> (the terminal as a whole).</summary>
    public string? OperatorId { get; init; }

    /// <summary>The operator's role, or <see langword="null"/> for <see cref="LockoutEventKind.Throttled"/>.</summary>
    public OperatorRole? Role { get; init; }

    /// <summary>The status after the event.</summary>
    public LockoutStatus Status { get; init; }

    /// <summary>Who unlocked, for <see cref="LockoutEventKind.Unlocked"/>.</summary>
    public LockoutActor? Actor { get; init; }

    /// <summary>Wall-clock time of the event (from the policy's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset OccurredAt { get; init; }
}
