using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// Lets the session manager verify operators through the <see cref="IOperatorAuthenticator"/>, so every
/// PIN typed at the session level (sign-in, unlock, handover, maintenance) is rate-limited and audited, and a
/// factory, reset, temporary or one-time PIN reaches the session as <see cref="OperatorVerification.MustChangePin"/>.
/// A failure names neither the operator nor a role (the number may be unknown).
/// </summary>
internal sealed class AuthenticatorOperatorVerifier(IOperatorAuthenticator authenticator) : IOperatorVerifier
{
    public async ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        AuthenticationResult result = await authenticator.AuthenticateAsync(terminalId, operatorId, pin, cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.Role is { } role
            ? OperatorVerification.Success(result.OperatorId ?? operatorId, role, result.Outcome == AuthenticationOutcome.SucceededMustChangePin)
            : OperatorVerification.Failure(result.Code, result.RemainingAttempts, result.LockedUntil);
    }
}
