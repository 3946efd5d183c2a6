namespace PosAuth.Lockout;

/// <summary>
/// The result of <see cref="ILockoutPolicy.TryChargeAsync"/>. When <see cref="IsAllowed"/> the attempt
/// has already been counted as a failure (durably, for durable stores); verify the PIN and then call
/// exactly one of <see cref="ILockoutPolicy.RegisterSuccessAsync"/> (refund) or
/// <see cref="ILockoutPolicy.RegisterFailureAsync"/>. When not allowed, do not verify the PIN.
/// </summary>
public readonly struct AttemptCharge
{
    internal AttemptCharge(LockoutSubject subject, LockoutStatus status, bool isAllowed, bool subjectLockApplied, bool throttleCharged, bool throttleLockApplied, AttemptRecord? subjectRecord = null, AttemptRecord? throttleRecord = null)
    {
        Subject = subject;
        Status = status;
        IsAllowed = isAllowed;
        SubjectLockApplied = subjectLockApplied;
        ThrottleCharged = throttleCharged;
        ThrottleLockApplied = throttleLockApplied;
        SubjectRecord = subjectRecord;
        ThrottleRecord = throttleRecord;
    }

    /// <summary>Whether the caller may verify the PIN now.</summary>
    public bool IsAllowed { get; }

    /// <summary>
    /// When allowed: the status that holds if this attempt fails (what <see cref="ILockoutPolicy.RegisterFailureAsync"/>
    /// will typically report). When rejected: why, and until when.
    /// </summary>
    public LockoutStatus Status { get; }

    /// <summary>
    /// Whether this charge is the one that applied a lock (to the subject, or to the terminal by the throttle): if the
    /// PIN turns out wrong, this attempt is the one that locked, and a UI should say 已锁定 now.
    /// </summary>
    public bool AppliedLock => SubjectLockApplied || ThrottleLockApplied;

    /// <summary>The subject that was charged.</summary>
    public LockoutSubject Subject { get; }

    /// <summary>Whether this charge applied a lock to the subject (it reached the limit).</summary>
    internal bool SubjectLockApplied { get; }

    /// <summary>Whether this charge counted against the terminal throttle.</summary>
    internal bool ThrottleCharged { get; }

    /// <summary>Whether this charge engaged the terminal throttle.</summary>
    internal bool ThrottleLockApplied { get; }

    /// <summary>The subject's record as this charge wrote it (the refund's first compare-and-swap goes over it).</summary>
    internal AttemptRecord? SubjectRecord { get; }

    /// <summary>The throttle's record as this charge wrote it, when the throttle was charged.</summary>
    internal AttemptRecord? ThrottleRecord { get; }
}
