namespace PosAuth.Sessions;

/// <summary>
/// An immutable snapshot of one terminal's session, as persisted by <see cref="ISessionStore"/>
/// on every transition. A plain data type: every property maps to one column. It never holds a
/// PIN or key material.
/// </summary>
public sealed record TerminalSession
{
    /// <summary>The terminal number (the key of the snapshot).</summary>
    public required string TerminalId { get; init; }

    /// <summary>The current state.</summary>
    public TerminalSessionState State { get; init; }

    /// <summary>The signed-in operator's number, or <see langword="null"/> when nobody is signed in.</summary>
    public string? OperatorId { get; init; }

    /// <summary>The signed-in operator's role, or <see langword="null"/> when nobody is signed in.</summary>
    public OperatorRole? OperatorRole { get; init; }

    /// <summary>The batch number (0 to 999999, shown as six digits); survives sign-out and restarts.</summary>
    public int BatchNumber { get; init; } = 1;

    /// <summary>Whether a batch is open: set by a successful host sign-in, cleared by sign-out.</summary>
    public bool BatchOpen { get; init; }

    /// <summary>The shift counter, incremented at each sign-out and shift handover; survives restarts.</summary>
    public int ShiftNumber { get; init; } = 1;

    /// <summary>When the current session started (the first operator sign-in after power on or sign-out).</summary>
    public DateTimeOffset? SessionStartedAt { get; init; }

    /// <summary>When the current operator signed in (or took over the shift).</summary>
    public DateTimeOffset? OperatorSignedInAt { get; init; }

    /// <summary>When the terminal last signed in to the host successfully; the day cut-over and the session age count from here.</summary>
    public DateTimeOffset? HostSignedInAt { get; init; }

    /// <summary>The last activity as of the last persisted transition (activity between transitions is tracked in memory).</summary>
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>When the last transition happened.</summary>
    public DateTimeOffset? LastTransitionAt { get; init; }

    /// <summary>Why a sign-in is required, or <see cref="SignInRequiredReason.None"/>.</summary>
    public SignInRequiredReason SignInRequiredReason { get; init; }

    /// <summary>The host response code that caused the sign-in requirement, when there was one (for example "77").</summary>
    public string? SignInRequiredResponseCode { get; init; }

    /// <summary>The state to return to on unlock; set while <see cref="State"/> is <see cref="TerminalSessionState.Locked"/>.</summary>
    public TerminalSessionState? StateBeforeLock { get; init; }

    /// <summary>The state to return to when maintenance ends; set while <see cref="State"/> is <see cref="TerminalSessionState.Maintenance"/>.</summary>
    public TerminalSessionState? StateBeforeMaintenance { get; init; }

    /// <summary>Whether the last host exchange (sign-in or sign-out) succeeded; <see langword="null"/> before the first.</summary>
    public bool? LastHostSucceeded { get; init; }

    /// <summary>The response code of the last host exchange, when the host answered.</summary>
    public string? LastHostResponseCode { get; init; }

    /// <summary>The failure reason of the last host exchange, when it failed.</summary>
    public string? LastHostFailureReason { get; init; }

    /// <summary>When the last host exchange completed.</summary>
    public DateTimeOffset? LastHostExchangeAt { get; init; }

    /// <summary>The optimistic-concurrency version: 1 for the first saved snapshot, incremented by every transition.</summary>
    public long Version { get; init; }
}
