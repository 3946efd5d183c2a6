namespace PosAuth.Authorization;

/// <summary>
/// Supervisor authorisation (主管授权): a one-shot elevation for one named operation. The supervisor
/// enters number and PIN on the terminal; the PIN goes through the authenticator, so it counts against
/// the supervisor's own lockout.
/// </summary>
public interface ISupervisorAuthorizer
{
    /// <summary>Asks for an authorisation of <paramref name="operation"/> for an operator of <paramref name="requesterRole"/>.</summary>
    /// <param name="terminalId">The terminal.</param>
    /// <param name="requesterRole">The role of the operator who wants to perform the operation.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="supervisorId">The authorising supervisor's number.</param>
    /// <param name="supervisorPin">The authorising supervisor's PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, with a grant when granted.</returns>
    ValueTask<AuthorizationResult> AuthorizeAsync(string terminalId, OperatorRole requesterRole, Permission operation, string supervisorId, ReadOnlyMemory<char> supervisorPin, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses a grant for <paramref name="operation"/>: succeeds once, for the operation it was granted for,
    /// on its terminal, before it expires.
    /// </summary>
    /// <param name="grant">The grant.</param>
    /// <param name="terminalId">The terminal performing the operation.</param>
    /// <param name="operation">The operation being performed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the grant was valid and is now used up.</returns>
    ValueTask<bool> TryConsumeAsync(AuthorizationGrant grant, string terminalId, Permission operation, CancellationToken cancellationToken = default);
}
