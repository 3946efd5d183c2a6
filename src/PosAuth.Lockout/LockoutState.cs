namespace PosAuth.Lockout;

/// <summary>Whether a subject may attempt a PIN now.</summary>
public enum LockoutState
{
    /// <summary>An attempt is allowed.</summary>
    Allowed = 0,

    /// <summary>Locked until the wait has elapsed (see <see cref="LockoutStatus.LockedUntil"/>).</summary>
    LockedTemporarily = 1,

    /// <summary>Locked until a higher role or a recovery flow unlocks it.</summary>
    LockedPermanently = 2,

    /// <summary>The terminal as a whole has seen too many failures across operators; wait (see <see cref="LockoutStatus.LockedUntil"/>).</summary>
    Throttled = 3,
}
