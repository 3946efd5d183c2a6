namespace PosAuth;

/// <summary>Factory reset of the operator accounts (恢复出厂设置).</summary>
public interface IFactoryResetService
{
    /// <summary>
    /// Restores the default accounts 99 / 00 / 01 with their factory PINs (<see cref="RecoveryOptions.FactoryAdministratorPin"/>
    /// and the others), each marked to change at the first sign-in (<see cref="PinChangeReason.FactoryDefault"/>);
    /// every other account is deleted, every lockout and every session cleared. A <see cref="AuditEventType.FactoryReset"/>
    /// event is recorded first; the audit trail is kept unless <see cref="FactoryResetOptions.ClearAuditTrail"/>.
    /// Only the administrator (PIN verified) or the system actor (device built-in reset) may do it.
    /// </summary>
    /// <param name="terminalId">The terminal number (where the administrator's PIN is verified; recorded in the audit trail).</param>
    /// <param name="actor">Who resets.</param>
    /// <param name="options">Per-call choices; default: keep the audit trail.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or <see cref="RecoveryErrorKind.InvalidInput"/>, <see cref="RecoveryErrorKind.AuthenticationFailed"/>,
    /// <see cref="RecoveryErrorKind.PinChangeRequired"/>, <see cref="RecoveryErrorKind.PinExpired"/> or <see cref="RecoveryErrorKind.InsufficientRole"/>.</returns>
    ValueTask<RecoveryResult> FactoryResetAsync(string terminalId, FactoryResetActor actor, FactoryResetOptions? options = null, CancellationToken cancellationToken = default);
}
