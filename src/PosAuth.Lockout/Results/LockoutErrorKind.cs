namespace PosAuth.Lockout;

/// <summary>
/// Why a lockout operation was refused. Each member has a stable snake_case machine code (<see cref="LockoutError.Code"/>)
/// that never changes.
/// </summary>
public enum LockoutErrorKind
{
    /// <summary>
    /// <c>insufficient_role</c>: the actor may not unlock the subject: nobody unlocks a role at or above their own,
    /// except the administrator and <see cref="LockoutActor.System"/>.
    /// </summary>
    InsufficientRole = 1,
}
