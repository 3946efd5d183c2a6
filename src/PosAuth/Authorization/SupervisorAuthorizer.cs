using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>The default <see cref="ISupervisorAuthorizer"/>.</summary>
/// <remarks>
/// The requesting operator's account and the authoriser's are read from the store (<see cref="ActorAuthority"/>):
/// the requester must exist, be enabled and have no PIN change pending, and their stored role decides whether an
/// authorisation is needed; the authoriser's PIN must be a plain success (<see cref="AuthenticationOutcome.SucceededMustChangePin"/>
/// is <see cref="AuthorizationOutcome.PinChangeRequired"/>), and their stored role must be granted the operation by the
/// permission table and outrank the requester. A grant remembers a digest of the authoriser's credential (the stored
/// PIN hash) and is checked again when used.
/// </remarks>
internal sealed class SupervisorAuthorizer : ISupervisorAuthorizer
{
    private readonly IOperatorStore _operators;
    private readonly IOperatorAuthenticator _authenticator;
    private readonly IPermissionPolicy _permissions;
    private readonly IAuditSink[] _audit;
    private readonly PosAuthMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PermissionOptions _options;

    /// <summary>Creates the authorizer.</summary>
    /// <param name="operators">The operator store (the requester and the authoriser are read from it).</param>
    /// <param name="authenticator">Verifies the supervisor's PIN (with lockout).</param>
    /// <param name="permissions">The permission policy.</param>
    /// <param name="auditSinks">The audit sinks.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The permission options (authorisation lifetime).</param>
    public SupervisorAuthorizer(IOperatorStore operators, IOperatorAuthenticator authenticator, IPermissionPolicy permissions, IEnumerable<IAuditSink> auditSinks, PosAuthMetrics metrics, TimeProvider timeProvider, IOptions<PermissionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _operators = operators;
        _authenticator = authenticator;
        _permissions = permissions;
        _audit = [.. auditSinks];
        _metrics = metrics;
        _time = timeProvider;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async ValueTask<AuthorizationResult> AuthorizeAsync(string terminalId, string requesterOperatorId, Permission operation, string supervisorId, ReadOnlyMemory<char> supervisorPin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentNullException.ThrowIfNull(requesterOperatorId);
        ArgumentNullException.ThrowIfNull(supervisorId);
        (OperatorAccount? requester, ActorRefusal requesterRefusal) = await ActorAuthority.CheckAsync(
            _operators, _permissions, requesterOperatorId, claimedRole: null, permission: null, cancellationToken).ConfigureAwait(false);
        if (requesterRefusal != ActorRefusal.None)
        {
            AuthorizationOutcome outcome = requesterRefusal == ActorRefusal.PinChangeRequired ? AuthorizationOutcome.PinChangeRequired : AuthorizationOutcome.RequesterNotAllowed;
            await DeniedAsync(terminalId, null, null, operation, "requester_" + AuthorizationResult.CodeOf(outcome), cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = outcome };
        }

        OperatorRole requesterRole = requester!.Role;
        if (_permissions.IsGranted(requesterRole, operation))
        {
            return new AuthorizationResult { Outcome = AuthorizationOutcome.NotRequired };
        }

        if (!_permissions.RequiresSupervisorAuthorization(requesterRole, operation))
        {
            await DeniedAsync(terminalId, requester.OperatorId, null, operation, "not_authorizable", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.NotAuthorizable };
        }

        AuthenticationResult auth = await _authenticator.AuthenticateAsync(terminalId, supervisorId, supervisorPin, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            // The authoriser may not exist: the id is not written here (the authenticator audits the attempt itself).
            await DeniedAsync(terminalId, requester.OperatorId, null, operation, auth.Code, cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.AuthenticationFailed, Authentication = auth };
        }

        // The PIN was right; now the account as stored decides (a must-change PIN grants nothing but the PIN change).
        (OperatorAccount? supervisor, ActorRefusal refusal) = await ActorAuthority.CheckAsync(
            _operators, _permissions, supervisorId, auth.Role, operation, cancellationToken).ConfigureAwait(false);
        if (auth.Outcome == AuthenticationOutcome.SucceededMustChangePin || refusal == ActorRefusal.PinChangeRequired)
        {
            await DeniedAsync(terminalId, requester.OperatorId, supervisor?.OperatorId, operation, "pin_change_required", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.PinChangeRequired, Authentication = auth };
        }

        if (refusal != ActorRefusal.None || !supervisor!.Role.Outranks(requesterRole))
        {
            await DeniedAsync(terminalId, requester.OperatorId, supervisor?.OperatorId, operation, refusal == ActorRefusal.NotAllowed ? "authorizer_not_allowed" : "insufficient_role", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.InsufficientRole, Authentication = auth };
        }

        DateTimeOffset now = _time.GetUtcNow();
        var grant = new AuthorizationGrant(
            NewId(), terminalId, requester.OperatorId, supervisor.OperatorId, operation, now, _time.GetTimestamp(), _options.AuthorizationLifetime, CredentialDigest(supervisor));
        _metrics.AuthorizationDecided(granted: true);
        await _audit.WriteAllAsync(
            new AuditEvent(AuditEventType.AuthorizationGranted, now, terminalId, requester.OperatorId, supervisor.OperatorId, "granted", $"{operation} grant={grant.Id}"),
            cancellationToken).ConfigureAwait(false);
        return new AuthorizationResult { Outcome = AuthorizationOutcome.Granted, Grant = grant, Authentication = auth };
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryConsumeAsync(AuthorizationGrant grant, string terminalId, string requesterOperatorId, Permission operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentNullException.ThrowIfNull(requesterOperatorId);
        string? refusal = grant.Operation != operation ? "wrong_operation"
            : !string.Equals(grant.TerminalId, terminalId, StringComparison.Ordinal) ? "wrong_terminal"
            : !string.Equals(grant.RequesterId, requesterOperatorId, StringComparison.Ordinal) ? "wrong_requester"
            : grant.IsRevoked ? "revoked"
            : grant.IsExpired(_time) ? "expired"
            : null;
        if (refusal is null && await AuthorizerRefusalAsync(grant, cancellationToken).ConfigureAwait(false) is { } authorizer)
        {
            // The authoriser is gone, disabled, demoted or reset: the grant dies for good.
            grant.Revoke();
            refusal = authorizer;
        }

        if (refusal is null && !grant.TryMarkConsumed())
        {
            refusal = grant.IsRevoked ? "revoked" : "already_used";
        }

        // The grant names a real requester; a different id offered here is not written (it may be anything typed in).
        string? requester = refusal == "wrong_requester" ? null : grant.RequesterId;
        await _audit.WriteAllAsync(
            refusal is null
                ? new AuditEvent(AuditEventType.AuthorizationConsumed, _time.GetUtcNow(), terminalId, requester, grant.SupervisorId, "consumed", $"{operation} grant={grant.Id}")
                : new AuditEvent(AuditEventType.AuthorizationDenied, _time.GetUtcNow(), terminalId, requester, grant.SupervisorId, refusal, $"{operation} grant={grant.Id}"),
            cancellationToken).ConfigureAwait(false);
        return refusal is null;
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>SHA-256 of the stored PIN hash: changes whenever the credential does (reset, temporary PIN, change, rehash).</summary>
    private static byte[] CredentialDigest(OperatorAccount account) => SHA256.HashData(Encoding.UTF8.GetBytes(account.PinHash));

    private async ValueTask<string?> AuthorizerRefusalAsync(AuthorizationGrant grant, CancellationToken cancellationToken)
    {
        (OperatorAccount? supervisor, ActorRefusal refusal) = await ActorAuthority.CheckAsync(
            _operators, _permissions, grant.SupervisorId, claimedRole: null, grant.Operation, cancellationToken).ConfigureAwait(false);
        return supervisor is null ? "authorizer_unknown"
            : supervisor.IsDisabled ? "authorizer_disabled"
            : !CryptographicOperations.FixedTimeEquals(CredentialDigest(supervisor), grant.CredentialDigest) ? "authorizer_credential_changed"
            : refusal == ActorRefusal.PinChangeRequired ? "pin_change_required"
            : refusal != ActorRefusal.None ? "insufficient_role"
            : null;
    }

    /// <summary>Audits a refusal, naming only accounts known to exist (an unknown id may be a PIN typed into the wrong field).</summary>
    private async ValueTask DeniedAsync(string terminalId, string? knownRequesterId, string? knownSupervisorId, Permission operation, string code, CancellationToken cancellationToken)
    {
        _metrics.AuthorizationDecided(granted: false);
        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.AuthorizationDenied, _time.GetUtcNow(), terminalId, knownRequesterId, knownSupervisorId, code, operation.ToString()), cancellationToken).ConfigureAwait(false);
    }
}
