namespace PosAuth;

/// <summary>
/// Why an operator-management operation was refused. Each member has a stable snake_case machine code
/// (<see cref="OperatorManagementError.Code"/>) that never changes.
/// </summary>
public enum OperatorManagementErrorKind
{
    /// <summary>
    /// <c>insufficient_role</c>: the actor's stored role is not granted <see cref="Permission.ManageOperators"/>
    /// by the permission table, or does not strictly outrank the target's (nobody manages a role at or above their own).
    /// </summary>
    InsufficientRole = 1,

    /// <summary><c>protected_operator</c>: the administrator (99) and the supervisor (00) cannot be deleted.</summary>
    ProtectedOperator = 2,

    /// <summary><c>operator_signed_in</c>: the operator currently signed in (or the actor) cannot be deleted.</summary>
    OperatorSignedIn = 3,

    /// <summary><c>unknown_operator</c>: there is no such target operator.</summary>
    UnknownOperator = 4,

    /// <summary><c>already_exists</c>: an operator with that number already exists.</summary>
    AlreadyExists = 5,

    /// <summary><c>invalid_operator_id</c>: the operator number is malformed.</summary>
    InvalidOperatorId = 6,

    /// <summary><c>pin_rejected</c>: the initial PIN is refused by the PIN policy (<see cref="OperatorManagementError.PinRejections"/>).</summary>
    PinRejected = 7,

    /// <summary><c>role_mismatch</c>: the role does not match the operator number's convention (99 administrator, 00 supervisor).</summary>
    RoleMismatch = 8,

    /// <summary><c>concurrent_update</c>: the account was changed concurrently; nothing was changed, retry.</summary>
    ConcurrentUpdate = 9,

    /// <summary>
    /// <c>actor_not_allowed</c>: the actor's account, read again from the store, does not exist, is disabled, or has
    /// another role than the <see cref="OperatorActor"/> claims (an actor built by hand or kept after a change).
    /// </summary>
    ActorNotAllowed = 10,

    /// <summary>
    /// <c>pin_change_required</c>: the actor's own PIN must change first (a factory-default, temporary, reset or
    /// one-time PIN grants nothing but the PIN change).
    /// </summary>
    PinChangeRequired = 11,
}
