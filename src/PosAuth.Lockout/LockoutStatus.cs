namespace PosAuth.Lockout;

/// <summary>
/// What a UI needs to tell the operator: "密码错误，还可尝试 2 次" (<see cref="RemainingAttempts"/>) or
/// "已锁定，请 5 分钟后重试或联系主管" (<see cref="State"/>, <see cref="LockedUntil"/>, <see cref="Reason"/>).
/// </summary>
public readonly record struct LockoutStatus
{
    /// <summary>Whether an attempt is allowed, and if not, why.</summary>
    public LockoutState State { get; init; }

    /// <summary>
    /// Attempts that may still fail before a lock applies; never negative, 0 while locked. Once the
    /// limit has been reached and a temporary lock has expired it is 1: the next failure locks again.
    /// </summary>
    public int RemainingAttempts { get; init; }

    /// <summary>
    /// When a temporary lock or the terminal throttle ends, as a wall-clock time computed from the current
    /// wall clock and the remaining real wait; <see langword="null"/> when not locked or locked permanently.
    /// </summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Why the subject is locked; <see cref="LockReason.None"/> when allowed.</summary>
    public LockReason Reason { get; init; }

    /// <summary>The subject's consecutive failures that still count (after the failure-reset window).</summary>
    public int FailureCount { get; init; }

    /// <summary>Whether an attempt is refused now (locked or throttled).</summary>
    public bool IsLocked => State != LockoutState.Allowed;

    /// <summary>The remaining wait at <paramref name="now"/>, or <see langword="null"/> if there is no timed lock.</summary>
    /// <param name="now">The current wall-clock time.</param>
    /// <returns>The remaining wait, never negative.</returns>
    public TimeSpan? RemainingWait(DateTimeOffset now) =>
        LockedUntil is { } until ? (until > now ? until - now : TimeSpan.Zero) : null;
}
