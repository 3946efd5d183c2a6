namespace PosAuth.Lockout;

/// <summary>
/// The refund of a successful attempt, prepared but not written (<see cref="ILockoutPolicy.PrepareSuccess"/>): for a
/// caller that commits it in one transaction together with its own writes (the sign-in's audit record), so that a sign-in
/// costs two durable commits in all — the charge before the PIN is verified, and the outcome after.
/// </summary>
/// <remarks>
/// Commit <see cref="Writes"/> atomically to <see cref="Store"/> (the same compare-and-swap semantics as
/// <see cref="IAttemptStore.TryWriteAsync"/>). If the commit reports a conflict (another attempt wrote first), call
/// <see cref="ILockoutPolicy.RegisterSuccessAsync"/> instead, which retries from fresh state.
/// </remarks>
public readonly struct LockoutRefundPlan
{
    internal LockoutRefundPlan(IAttemptStore store, IReadOnlyList<AttemptWrite> writes, LockoutStatus status)
    {
        Store = store;
        Writes = writes;
        Status = status;
    }

    /// <summary>Whether there is a plan; a policy that cannot prepare one returns the default value.</summary>
    public bool IsPrepared => Store is not null;

    /// <summary>The attempt store the writes belong to.</summary>
    public IAttemptStore Store { get; }

    /// <summary>The writes that refund the charge (none when there is nothing to give back).</summary>
    public IReadOnlyList<AttemptWrite> Writes { get; }

    /// <summary>The status that holds once the writes are committed.</summary>
    public LockoutStatus Status { get; }
}
