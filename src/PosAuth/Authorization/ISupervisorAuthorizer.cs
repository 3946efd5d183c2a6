namespace PosAuth;

/// <summary>
/// Supervisor authorisation (主管授权): a one-shot elevation for one named operation, for one operator on one
/// terminal. The supervisor enters number and PIN on the terminal; the PIN goes through the authenticator, so it
/// counts against the supervisor's own lockout. A PIN that must change (factory default, temporary, reset, one-time)
/// authorises nothing. Both accounts are read from the store, never taken from the caller.
/// </summary>
public interface ISupervisorAuthorizer
{
    /// <summary>Asks for an authorisation of <paramref name="operation"/> for the operator <paramref name="requesterOperatorId"/>.</summary>
    /// <param name="terminalId">The terminal.</param>
    /// <param name="requesterOperatorId">The signed-in operator who wants to perform the operation; their role is read from the store.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="supervisorId">The authorising supervisor's number.</param>
    /// <param name="supervisorPin">The authorising supervisor's PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, with a grant when granted; refusals are outcomes, never exceptions.</returns>
    ValueTask<AuthorizationResult> AuthorizeAsync(string terminalId, string requesterOperatorId, Permission operation, string supervisorId, ReadOnlyMemory<char> supervisorPin, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses a grant for <paramref name="operation"/>: succeeds once, for the operation it was granted for, by the
    /// operator it was granted to, on its terminal, before it expires (real elapsed time and the wall clock, whichever
    /// ends it first), and only while the authoriser's account is still enabled, of a role that may grant it, and on
    /// the credential that granted it (a reset or temporary PIN kills every grant made before it).
    /// </summary>
    /// <param name="grant">The grant.</param>
    /// <param name="terminalId">The terminal performing the operation.</param>
    /// <param name="requesterOperatorId">The operator performing the operation.</param>
    /// <param name="operation">The operation being performed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the grant was valid and is now used up; every refusal is audited with its reason.</returns>
    ValueTask<bool> TryConsumeAsync(AuthorizationGrant grant, string terminalId, string requesterOperatorId, Permission operation, CancellationToken cancellationToken = default);
}
