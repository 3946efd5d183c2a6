namespace PosAuth.Lockout;

/// <summary>
/// A charge prepared but not written (<see cref="ILockoutPolicy.PrepareCharge"/>): for a caller that commits its writes
/// in one transaction together with a read of its own (the sign-in store reads the operator in the same transaction, or
/// on PostgreSQL the same round trip), so that charging an attempt costs one store call from the policy's last view.
/// </summary>
/// <remarks>
/// Commit <see cref="Writes"/> atomically to <see cref="Store"/> (the compare-and-swap semantics of
/// <see cref="IAttemptStore.TryWriteAsync"/>: every write or none). Then call exactly one of
/// <see cref="ILockoutPolicy.CompleteCharge"/> (the writes committed: the charge to verify the PIN under) or
/// <see cref="ILockoutPolicy.AbandonCharge"/> (they did not, or it is not known: charge with
/// <see cref="ILockoutPolicy.TryChargeAsync"/> instead, which reads fresh state). A plan is used once.
/// </remarks>
public sealed class LockoutChargePlan
{
    private int _used;

    internal LockoutChargePlan(object owner, LockoutSubject subject, IAttemptStore store, IReadOnlyList<AttemptWrite> writes, ChargeState state)
    {
        Owner = owner;
        Subject = subject;
        Store = store;
        Writes = writes;
        State = state;
    }

    /// <summary>The subject the plan charges.</summary>
    public LockoutSubject Subject { get; }

    /// <summary>The attempt store the writes belong to.</summary>
    public IAttemptStore Store { get; }

    /// <summary>The writes that charge the attempt: the subject's record and, with the throttle on, the terminal's.</summary>
    public IReadOnlyList<AttemptWrite> Writes { get; }

    internal object Owner { get; }

    internal ChargeState State { get; }

    /// <summary>Marks the plan used; false when it already was.</summary>
    internal bool TryUse() => Interlocked.Exchange(ref _used, 1) == 0;

    /// <summary>What completing the charge needs besides the written records.</summary>
    internal readonly record struct ChargeState(RolePolicy Policy, LockoutClockSettings Clock, DateTimeOffset Now, long Timestamp, bool ThrottleCharged, bool ThrottleLockApplied);
}
