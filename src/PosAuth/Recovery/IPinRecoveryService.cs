namespace PosAuth;

/// <summary>
/// PIN change, reset by a higher role, and temporary PINs (临时密码). Every flow verifies the acting operator's PIN
/// through the <see cref="IOperatorAuthenticator"/> (so it counts toward lockout), puts a new PIN
/// through the <see cref="Hashing.PinPolicy"/>, stores only hashes, audits, and answers with a typed
/// <see cref="RecoveryError"/> instead of throwing for anything an operator can cause.
/// </summary>
public interface IPinRecoveryService
{
    /// <summary>
    /// An operator changes their own PIN (the administrator changes its PIN this way too). The current PIN may be one
    /// that must change (factory default, reset, or a temporary PIN within its change window) but not an expired one.
    /// The new PIN must pass the policy, history included (the current PIN and the last PINs), and may not be a
    /// factory default. On success <c>MustChangePin</c> and any expiry are cleared.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="currentPin">The current PIN. A wrong PIN and an unknown operator give the same <see cref="RecoveryErrorKind.AuthenticationFailed"/>.</param>
    /// <param name="newPin">The new PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or <see cref="RecoveryErrorKind.InvalidInput"/>, <see cref="RecoveryErrorKind.AuthenticationFailed"/>,
    /// <see cref="RecoveryErrorKind.PinExpired"/>, <see cref="RecoveryErrorKind.PolicyRejected"/> or <see cref="RecoveryErrorKind.ConcurrentUpdate"/>.</returns>
    ValueTask<RecoveryResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken = default);

    /// <summary>
    /// A higher role (99 over 00 and operators, 00 over operators) resets an operator's PIN to <paramref name="newPin"/>
    /// (checked against the target role's policy). The target must change it at the next sign-in
    /// (<see cref="PinChangeReason.ResetByHigherRole"/>), and the target's lockout on this terminal is cleared.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="actorId">The acting operator's number.</param>
    /// <param name="actorPin">The acting operator's PIN.</param>
    /// <param name="targetOperatorId">The operator whose PIN is reset.</param>
    /// <param name="newPin">The new PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or <see cref="RecoveryErrorKind.InvalidInput"/>, <see cref="RecoveryErrorKind.AuthenticationFailed"/>,
    /// <see cref="RecoveryErrorKind.PinChangeRequired"/>, <see cref="RecoveryErrorKind.PinExpired"/>, <see cref="RecoveryErrorKind.UnknownOperator"/>,
    /// <see cref="RecoveryErrorKind.InsufficientRole"/>, <see cref="RecoveryErrorKind.PolicyRejected"/> or <see cref="RecoveryErrorKind.ConcurrentUpdate"/>.</returns>
    ValueTask<RecoveryResult> ResetPinAsync(string terminalId, string actorId, ReadOnlyMemory<char> actorPin, string targetOperatorId, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken = default);

    /// <summary>
    /// A higher role issues a temporary PIN (临时密码) for an operator: random digits of the target role's minimum
    /// length, returned once in the result and stored only as a hash. It expires after
    /// <see cref="RecoveryOptions.TemporaryPinLifetime"/>, is single use (after the first sign-in only the change window
    /// remains) and forces a change. The target's lockout on this terminal is cleared.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="actorId">The acting operator's number.</param>
    /// <param name="actorPin">The acting operator's PIN.</param>
    /// <param name="targetOperatorId">The operator who gets the temporary PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The temporary PIN (dispose it after showing it), or the same errors as <see cref="ResetPinAsync"/> except <see cref="RecoveryErrorKind.PolicyRejected"/>.</returns>
    ValueTask<RecoveryResult<TemporaryPin>> IssueTemporaryPinAsync(string terminalId, string actorId, ReadOnlyMemory<char> actorPin, string targetOperatorId, CancellationToken cancellationToken = default);
}
