using PosAuth.Lockout;

namespace PosAuth;

/// <summary>
/// Operator management under the role rules of UnionPay terminals: nobody manages, resets or unlocks a role at or
/// above their own; the administrator (99) and the supervisor (00) cannot be deleted, nor can the operator who is
/// signed in. On every call the actor's account is read again from the store: it must exist, be enabled, have the
/// role the <see cref="OperatorActor"/> claims and no PIN change pending, and its stored role must be granted
/// <see cref="Permission.ManageOperators"/> by the permission table. Every refusal is a result with a
/// stable code (never an exception) and changes nothing; every change and every refusal is audited.
/// </summary>
public interface IOperatorManager
{
    /// <summary>
    /// Creates an operator with an initial PIN chosen by the actor; the PIN must pass the policy and must be
    /// changed at first sign-in. The administrator creates the supervisor; the supervisor (or the
    /// administrator) creates ordinary operators.
    /// </summary>
    /// <param name="actor">The signed-in operator creating the account.</param>
    /// <param name="terminalId">The terminal, for the audit trail.</param>
    /// <param name="operatorId">The new operator's number.</param>
    /// <param name="role">The new operator's role; must match the number's convention (99, 00, others).</param>
    /// <param name="initialPin">The initial PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The created account, or <see cref="OperatorManagementErrorKind.InvalidOperatorId"/>, <see cref="OperatorManagementErrorKind.RoleMismatch"/>,
    /// <see cref="OperatorManagementErrorKind.ActorNotAllowed"/>, <see cref="OperatorManagementErrorKind.PinChangeRequired"/>,
    /// <see cref="OperatorManagementErrorKind.InsufficientRole"/>, <see cref="OperatorManagementErrorKind.PinRejected"/> or <see cref="OperatorManagementErrorKind.AlreadyExists"/>.</returns>
    ValueTask<OperatorManagementResult<OperatorAccount>> CreateAsync(OperatorActor actor, string terminalId, string operatorId, OperatorRole role, ReadOnlyMemory<char> initialPin, CancellationToken cancellationToken = default);

    /// <summary>Deletes an operator.</summary>
    /// <param name="actor">The signed-in operator deleting the account.</param>
    /// <param name="terminalId">The terminal, for the audit trail.</param>
    /// <param name="operatorId">The operator to delete.</param>
    /// <param name="signedInOperatorId">The operator currently signed in on the terminal, who cannot be deleted.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or <see cref="OperatorManagementErrorKind.ProtectedOperator"/>, <see cref="OperatorManagementErrorKind.OperatorSignedIn"/>,
    /// the actor errors, <see cref="OperatorManagementErrorKind.UnknownOperator"/> or <see cref="OperatorManagementErrorKind.InsufficientRole"/>.</returns>
    ValueTask<OperatorManagementResult> DeleteAsync(OperatorActor actor, string terminalId, string operatorId, string? signedInOperatorId, CancellationToken cancellationToken = default);

    /// <summary>Disables or re-enables an operator.</summary>
    /// <param name="actor">The signed-in operator acting.</param>
    /// <param name="terminalId">The terminal, for the audit trail.</param>
    /// <param name="operatorId">The operator.</param>
    /// <param name="disabled">Whether the account is disabled.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated account, or the actor errors, <see cref="OperatorManagementErrorKind.UnknownOperator"/>,
    /// <see cref="OperatorManagementErrorKind.InsufficientRole"/> or <see cref="OperatorManagementErrorKind.ConcurrentUpdate"/>.</returns>
    ValueTask<OperatorManagementResult<OperatorAccount>> SetDisabledAsync(OperatorActor actor, string terminalId, string operatorId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lifts an operator's lockout on a terminal (a supervisor unlocking an operator, say), and with it the lock of
    /// the offline-unlock flow for the target's role on that terminal (too many wrong unlock responses).
    /// </summary>
    /// <param name="actor">The signed-in operator acting.</param>
    /// <param name="terminalId">The terminal.</param>
    /// <param name="operatorId">The locked operator.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operator's lockout status after the unlock, or the actor errors, <see cref="OperatorManagementErrorKind.UnknownOperator"/>
    /// or <see cref="OperatorManagementErrorKind.InsufficientRole"/>.</returns>
    ValueTask<OperatorManagementResult<LockoutStatus>> UnlockAsync(OperatorActor actor, string terminalId, string operatorId, CancellationToken cancellationToken = default);
}
