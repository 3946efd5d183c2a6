namespace PosAuth.Lockout;

/// <summary>
/// The stored state of one <see cref="AttemptKey"/>: plain data, one property per column, so a SQL store
/// can map it directly. Stores hold it; <see cref="ILockoutPolicy"/> interprets it.
/// </summary>
/// <remarks>
/// Time is kept in two ways. Wall-clock values (<c>…At</c>, <see cref="LockedUntil"/>) are informational.
/// What decides whether a lock has expired is <see cref="ElapsedSinceLastFailure"/>: real time credited since
/// the last failure, accumulated at each observation from the monotonic clock (same process,
/// <see cref="ClockEpoch"/> matches) or from the wall-clock difference since <see cref="LastSeenAt"/>
/// (after a restart), never from a wall clock that went backwards.
/// </remarks>
public sealed record AttemptRecord
{
    /// <summary>The record's key.</summary>
    public required AttemptKey Key { get; init; }

    /// <summary>Consecutive failures counted since the last success, unlock or reset window.</summary>
    public int FailureCount { get; init; }

    /// <summary>Wall-clock time of the first counted failure (informational).</summary>
    public DateTimeOffset? FirstFailureAt { get; init; }

    /// <summary>Wall-clock time of the last counted failure (informational).</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>Wall-clock time the current lock started (informational); the lock starts at the last failure.</summary>
    public DateTimeOffset? LockStartedAt { get; init; }

    /// <summary>Length of the current temporary lock, measured in real elapsed time from the last failure; zero when none.</summary>
    public TimeSpan LockDuration { get; init; }

    /// <summary>Wall-clock end of the current temporary lock as computed when it was applied (informational; a UI value is recomputed).</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>How many temporary lockouts have been applied since the last success, unlock or reset window.</summary>
    public int TemporaryLockoutCount { get; init; }

    /// <summary>Whether the key is locked until an unlock.</summary>
    public bool IsPermanentlyLocked { get; init; }

    /// <summary>Why the key is locked, or <see cref="LockReason.None"/>.</summary>
    public LockReason LockReason { get; init; }

    /// <summary>The wall-clock time of the last observation that updated the elapsed accounting.</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> value at <see cref="LastSeenAt"/>; meaningful only within <see cref="ClockEpoch"/>.</summary>
    public long LastSeenTimestamp { get; init; }

    /// <summary>
    /// Identifies the monotonic clock that produced <see cref="LastSeenTimestamp"/> (a random value per policy
    /// instance); a different value means a restart or another process, and the wall clock is used instead.
    /// </summary>
    public long ClockEpoch { get; init; }

    /// <summary>Real time credited since the last failure, as of <see cref="LastSeenAt"/>.</summary>
    public TimeSpan ElapsedSinceLastFailure { get; init; }

    /// <summary>Optimistic-concurrency version: 0 on insert, +1 on every successful update.</summary>
    public long Version { get; init; }
}
