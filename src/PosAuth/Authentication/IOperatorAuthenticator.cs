namespace PosAuth;

/// <summary>Verifies an operator's PIN on a terminal: the hot path of PosAuth.</summary>
public interface IOperatorAuthenticator
{
    /// <summary>
    /// Signs an operator in: validates the input, loads the operator, checks and charges the lockout
    /// before verifying, verifies in constant time, refunds and rehashes on success, audits and
    /// measures. Never throws for bad input; never reveals whether the operator exists.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="pin">The PIN as typed (ASCII or full-width digits). The caller owns and should clear the buffer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    ValueTask<AuthenticationResult> AuthenticateAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default);
}
