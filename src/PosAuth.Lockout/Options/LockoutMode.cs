namespace PosAuth.Lockout;

/// <summary>What happens when a subject reaches <see cref="LockoutOptions.MaxFailures"/>.</summary>
public enum LockoutMode
{
    /// <summary>Every failure at or beyond the limit locks for a growing wait (see <see cref="WaitGrowth"/>).</summary>
    Temporary = 0,

    /// <summary>Reaching the limit locks until an unlock. Never applied to the administrator (who falls back to <see cref="Temporary"/>).</summary>
    Permanent = 1,

    /// <summary>
    /// Temporary lockouts first; the lockout after <see cref="LockoutOptions.MaxTemporaryLockouts"/> temporary ones is permanent.
    /// The administrator falls back to <see cref="Temporary"/>.
    /// </summary>
    PermanentAfterTemporary = 2,
}
