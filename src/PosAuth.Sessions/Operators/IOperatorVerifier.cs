namespace PosAuth.Sessions;

/// <summary>
/// Checks an operator's number and PIN for the session manager. The PosAuth core implements it
/// over its authenticator, so every attempt counts towards lockout; the sessions package does not
/// reference the core.
/// </summary>
public interface IOperatorVerifier
{
    /// <summary>Verifies <paramref name="pin"/> for <paramref name="operatorId"/> on <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="pin">The PIN as typed; never stored, logged or copied by the caller.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The outcome, with the operator's role on success and remaining attempts on failure.</returns>
    ValueTask<OperatorVerification> VerifyAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken);
}
