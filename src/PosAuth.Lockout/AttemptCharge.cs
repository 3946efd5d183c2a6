namespace PosAuth.Lockout;

/// <summary>
/// The result of <see cref="ILockoutPolicy.TryChargeAsync"/>. When <see cref="IsAllowed"/> the attempt
/// has already been counted as a failure (durably, for durable stores); verify the PIN and then call
/// exactly one of <see cref="ILockoutPolicy.RegisterSuccessAsync"/> (refund) or
/// <see cref="ILockoutPolicy.RegisterFailureAsync"/>. When not allowed, do not verify the PIN.
/// </summary>
public readonly struct AttemptCharge
{
    internal AttemptCharge(LockoutSubject subject, LockoutStatus status, bool isAllowed, bool subjectLockApplied, bool throttleCharged, bool throttleLockApplied, AttemptRecord? subjectRecord = null, AttemptRecord? throttleRecord = null, object? state = null)
    {
        State = state;
        Subject = subject;
        Status = status;
        IsAllowed = isAllowed;
        SubjectLockApplied = subjectLockApplied;
        ThrottleCharged = throttleCharged;
        ThrottleLockApplied = throttleLockApplied;
        SubjectRecord = subjectRecord;
        ThrottleRecord = throttleRecord;
    }

    /// <summary>
    /// An allowed charge decided by an <see cref="ILockoutPolicy"/> that keeps its budget somewhere else than
    /// <see cref="LockoutPolicy"/>'s records (for example a back office that charges a site-wide budget for its lanes).
    /// Pass it only to the policy that created it: <see cref="LockoutPolicy"/> has nothing to refund for it.
    /// </summary>
    /// <param name="subject">The subject that was charged.</param>
    /// <param name="statusIfFailed">The status that holds if this attempt fails.</param>
    /// <param name="appliedLock">Whether this charge applied a lock (a wrong PIN now reports 已锁定).</param>
    /// <param name="state">What the policy needs to refund or report the charge later (see <see cref="State"/>); never a secret.</param>
    /// <returns>The charge.</returns>
    public static AttemptCharge ForPolicy(LockoutSubject subject, LockoutStatus statusIfFailed, bool appliedLock, object? state = null) =>
        new(subject, statusIfFailed, isAllowed: true, subjectLockApplied: appliedLock, throttleCharged: false, throttleLockApplied: false, state: state);

    /// <summary>A rejected charge decided by a policy of its own (see <see cref="ForPolicy"/>): the PIN must not be verified.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="status">Why it is refused, and until when.</param>
    /// <returns>The charge.</returns>
    public static AttemptCharge RejectedByPolicy(LockoutSubject subject, LockoutStatus status) =>
        new(subject, status, isAllowed: false, subjectLockApplied: false, throttleCharged: false, throttleLockApplied: false);

    /// <summary>
    /// What the policy that created the charge attached to it (<see cref="ForPolicy"/>); <see langword="null"/> for
    /// <see cref="LockoutPolicy"/>'s own charges.
    /// </summary>
    public object? State { get; }

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
