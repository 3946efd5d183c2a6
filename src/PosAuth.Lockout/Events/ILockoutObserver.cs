namespace PosAuth.Lockout;

/// <summary>
/// Audit hook: every registered observer (DI <c>IEnumerable&lt;ILockoutObserver&gt;</c>) is told about locks,
/// unlocks and the terminal throttle engaging. Observers run after the state is stored; an exception thrown
/// by an observer propagates to the caller of the policy method (the state change stands).
/// </summary>
public interface ILockoutObserver
{
    /// <summary>Called once per event, in registration order.</summary>
    /// <param name="lockoutEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the observer has handled the event.</returns>
    ValueTask OnLockoutEventAsync(LockoutEvent lockoutEvent, CancellationToken cancellationToken);
}
