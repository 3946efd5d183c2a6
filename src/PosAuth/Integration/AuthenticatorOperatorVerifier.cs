using PosAuth.Authentication;
using PosAuth.Sessions;

namespace PosAuth.Integration;

/// <summary>
/// Lets the session manager verify operators through the <see cref="IOperatorAuthenticator"/>, so every
/// PIN typed at the session level (sign-in, unlock, handover, maintenance) is rate-limited and audited.
/// </summary>
internal sealed class AuthenticatorOperatorVerifier(IOperatorAuthenticator authenticator) : IOperatorVerifier
{
    public async ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        AuthenticationResult result = await authenticator.AuthenticateAsync(terminalId, operatorId, pin, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? OperatorVerification.Success(result.OperatorId!, result.Role!.Value, result.Outcome == AuthenticationOutcome.SucceededMustChangePin)
            : OperatorVerification.Failure(operatorId, result.Code, result.RemainingAttempts, result.LockedUntil);
    }
}
