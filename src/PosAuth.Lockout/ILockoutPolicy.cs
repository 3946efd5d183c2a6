namespace PosAuth.Lockout;

/// <summary>
/// Decides, from stored attempt state and <see cref="TimeProvider"/> time, whether a PIN attempt may run,
/// and charges attempts before they are verified (as an EMV card decrements its PIN try counter first).
/// </summary>
/// <example>
/// <code>
/// AttemptCharge charge = await policy.TryChargeAsync(subject, ct);
/// if (!charge.IsAllowed) return Locked(charge.Status);          // the KDF never runs
/// bool ok = Verify(pin);                                         // the attempt already counts
/// LockoutStatus status = ok
///     ? await policy.RegisterSuccessAsync(charge, ct)            // refund
///     : await policy.RegisterFailureAsync(charge, ct);
/// </code>
/// </example>
public interface ILockoutPolicy
{
    /// <summary>The current status of <paramref name="subject"/> (including the terminal throttle), without charging.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    ValueTask<LockoutStatus> GetStatusAsync(LockoutSubject subject, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: if neither the subject nor its terminal is locked, stores one more failure as if this attempt
    /// will fail (applying the lock now if it reaches the limit) and returns an allowed charge; otherwise returns a
    /// rejected charge with the status and changes nothing. Of N concurrent calls against a limit of T at most T are allowed.
    /// A crash between this call and the register call leaves the attempt counted.
    /// </summary>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The charge.</returns>
    ValueTask<AttemptCharge> TryChargeAsync(LockoutSubject subject, CancellationToken cancellationToken);

    /// <summary>
    /// The PIN was right: refunds the charge. Resets the subject's failures (count, temporary lockouts and any lock)
    /// and takes this attempt back off the terminal throttle.
    /// </summary>
    /// <param name="charge">An allowed charge from <see cref="TryChargeAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status after the refund.</returns>
    ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken);

    /// <summary>
    /// The PIN was wrong: the charge already counted (and applied any lock: <see cref="AttemptCharge.AppliedLock"/>), so
    /// nothing more is stored.
    /// </summary>
    /// <param name="charge">An allowed charge from <see cref="TryChargeAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status for the UI ("密码错误，还可尝试 2 次").</returns>
    ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken);

    /// <summary>
    /// Clears the subject's failures and lock. The actor must outrank the subject's role; an administrator may
    /// unlock anyone and <see cref="LockoutActor.System"/> always may. An actor who may not is refused with a result
    /// (<see cref="LockoutErrorKind.InsufficientRole"/>, code <c>insufficient_role</c>) and nothing changes.
    /// </summary>
    /// <param name="subject">The locked subject.</param>
    /// <param name="actor">Who unlocks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status after the unlock, or the refusal.</returns>
    ValueTask<LockoutUnlockResult> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Factory reset: forgets every failure, lock and throttle. This is the last step of a factory reset the caller has
    /// already authorised, so an actor who is neither an administrator nor the system is a programming error.
    /// </summary>
    /// <param name="actor">Who resets: an administrator or <see cref="LockoutActor.System"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the state is gone.</returns>
    /// <exception cref="ArgumentException">The actor is neither an administrator nor the system.</exception>
    ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Prepares, without writing, what <see cref="RegisterSuccessAsync"/> would write for <paramref name="charge"/>, so the
    /// caller can commit it in one transaction with its own writes. The default implementation prepares nothing
    /// (<see cref="LockoutRefundPlan.IsPrepared"/> is <see langword="false"/>): call <see cref="RegisterSuccessAsync"/>.
    /// </summary>
    /// <param name="charge">An allowed charge whose PIN was verified right.</param>
    /// <returns>The plan, or the default value.</returns>
    LockoutRefundPlan PrepareSuccess(AttemptCharge charge) => default;

    /// <summary>
    /// Prepares the charge of an attempt from what the policy already holds, without reading or writing the store, for a
    /// caller that commits the plan's writes in its own transaction (see <see cref="LockoutChargePlan"/>). A policy that
    /// cannot (the default), or whose last view of the records is missing or shows a lock, returns <see langword="null"/>:
    /// charge with <see cref="TryChargeAsync"/>. A plan is never a rejection.
    /// </summary>
    /// <param name="subject">The subject to charge.</param>
    /// <returns>The plan, or <see langword="null"/>.</returns>
    LockoutChargePlan? PrepareCharge(LockoutSubject subject) => null;

    /// <summary>The charge of a plan whose writes committed: verify the PIN under it, as one from <see cref="TryChargeAsync"/>.</summary>
    /// <param name="plan">A plan of this policy, used once.</param>
    /// <returns>The allowed charge.</returns>
    /// <exception cref="ArgumentException">The plan is not this policy's, or was already completed or abandoned.</exception>
    AttemptCharge CompleteCharge(LockoutChargePlan plan) =>
        throw new ArgumentException("The plan was not prepared by this policy.", nameof(plan));

    /// <summary>Gives up a plan whose writes did not commit (or may not have): the policy forgets what it planned from.</summary>
    /// <param name="plan">A plan of this policy.</param>
    void AbandonCharge(LockoutChargePlan plan)
    {
    }
}
