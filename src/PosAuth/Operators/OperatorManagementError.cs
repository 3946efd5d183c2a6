namespace PosAuth.Operators;

/// <summary>Why an operator-management operation was refused. The names are stable machine codes.</summary>
public enum OperatorManagementError
{
    /// <summary>The actor's role does not outrank the target's (nobody manages a role at or above their own).</summary>
    InsufficientRole = 1,

    /// <summary>The administrator (99) and the supervisor (00) cannot be deleted.</summary>
    ProtectedOperator = 2,

    /// <summary>The operator currently signed in cannot be deleted.</summary>
    OperatorSignedIn = 3,

    /// <summary>There is no such operator.</summary>
    UnknownOperator = 4,

    /// <summary>An operator with that number already exists.</summary>
    AlreadyExists = 5,

    /// <summary>The operator number is malformed.</summary>
    InvalidOperatorId = 6,

    /// <summary>The initial PIN is refused by the PIN policy.</summary>
    PinRejected = 7,

    /// <summary>The role does not match the operator number's convention (99 administrator, 00 supervisor).</summary>
    RoleMismatch = 8,

    /// <summary>The account was changed concurrently; retry.</summary>
    ConcurrentUpdate = 9,
}
