using PosAuth.Hashing;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// Lets <see cref="TerminalSessionManager.ChangePinAsync"/> change the signed-in operator's PIN through the
/// <see cref="IPinRecoveryService"/>: the current PIN goes through the authenticator (lockout), the new one through the
/// PIN policy, only hashes are stored, and the change is audited.
/// </summary>
internal sealed class RecoveryOperatorPinChanger(IPinRecoveryService recovery) : IOperatorPinChanger
{
    public async ValueTask<OperatorPinChangeResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken)
    {
        RecoveryResult result = await recovery.ChangePinAsync(terminalId, operatorId, currentPin, newPin, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return OperatorPinChangeResult.Success();
        }

        RecoveryError error = result.Error;
        return OperatorPinChangeResult.Failure(
            error.Code,
            error.RemainingAttempts,
            error.LockedUntil,
            [.. error.PolicyReasons.Select(NameOf)]);
    }

    private static string NameOf(PinRejectionReason reason) => reason.ToString();
}
