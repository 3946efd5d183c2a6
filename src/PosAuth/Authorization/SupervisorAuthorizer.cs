using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.Audit;
using PosAuth.Authentication;
using PosAuth.Diagnostics;

namespace PosAuth.Authorization;

/// <summary>The default <see cref="ISupervisorAuthorizer"/>.</summary>
public sealed class SupervisorAuthorizer : ISupervisorAuthorizer
{
    private readonly IOperatorAuthenticator _authenticator;
    private readonly IPermissionPolicy _permissions;
    private readonly IAuditSink[] _audit;
    private readonly PosAuthMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PermissionOptions _options;

    /// <summary>Creates the authorizer.</summary>
    /// <param name="authenticator">Verifies the supervisor's PIN (with lockout).</param>
    /// <param name="permissions">The permission policy.</param>
    /// <param name="auditSinks">The audit sinks.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The permission options (authorisation lifetime).</param>
    public SupervisorAuthorizer(IOperatorAuthenticator authenticator, IPermissionPolicy permissions, IEnumerable<IAuditSink> auditSinks, PosAuthMetrics metrics, TimeProvider timeProvider, IOptions<PermissionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _permissions = permissions;
        _audit = [.. auditSinks];
        _metrics = metrics;
        _time = timeProvider;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async ValueTask<AuthorizationResult> AuthorizeAsync(string terminalId, OperatorRole requesterRole, Permission operation, string supervisorId, ReadOnlyMemory<char> supervisorPin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentNullException.ThrowIfNull(supervisorId);
        if (_permissions.IsGranted(requesterRole, operation))
        {
            return new AuthorizationResult { Outcome = AuthorizationOutcome.NotRequired };
        }

        if (!_permissions.RequiresSupervisorAuthorization(requesterRole, operation))
        {
            await DeniedAsync(terminalId, supervisorId, operation, "not_authorizable", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.NotAuthorizable };
        }

        AuthenticationResult auth = await _authenticator.AuthenticateAsync(terminalId, supervisorId, supervisorPin, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            await DeniedAsync(terminalId, supervisorId, operation, auth.Code, cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.AuthenticationFailed, Authentication = auth };
        }

        if (!_permissions.IsGranted(auth.Role!.Value, operation) || !auth.Role.Value.Outranks(requesterRole))
        {
            await DeniedAsync(terminalId, supervisorId, operation, "insufficient_role", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Outcome = AuthorizationOutcome.InsufficientRole, Authentication = auth };
        }

        DateTimeOffset now = _time.GetUtcNow();
        var grant = new AuthorizationGrant(NewId(), terminalId, supervisorId, operation, now, now + _options.AuthorizationLifetime);
        _metrics.AuthorizationDecided(granted: true);
        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.AuthorizationGranted, now, terminalId, supervisorId, supervisorId, "granted", $"{operation} grant={grant.Id}"), cancellationToken).ConfigureAwait(false);
        return new AuthorizationResult { Outcome = AuthorizationOutcome.Granted, Grant = grant, Authentication = auth };
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryConsumeAsync(AuthorizationGrant grant, string terminalId, Permission operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(terminalId);
        DateTimeOffset now = _time.GetUtcNow();
        string? refusal = grant.Operation != operation ? "wrong_operation"
            : !string.Equals(grant.TerminalId, terminalId, StringComparison.Ordinal) ? "wrong_terminal"
            : now >= grant.ExpiresAt || now < grant.GrantedAt ? "expired"
            : null;
        if (refusal is null && !grant.TryMarkConsumed())
        {
            refusal = "already_used";
        }

        await _audit.WriteAllAsync(
            refusal is null
                ? new AuditEvent(AuditEventType.AuthorizationConsumed, now, terminalId, grant.SupervisorId, grant.SupervisorId, "consumed", $"{operation} grant={grant.Id}")
                : new AuditEvent(AuditEventType.AuthorizationDenied, now, terminalId, grant.SupervisorId, grant.SupervisorId, refusal, $"{operation} grant={grant.Id}"),
            cancellationToken).ConfigureAwait(false);
        return refusal is null;
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private async ValueTask DeniedAsync(string terminalId, string supervisorId, Permission operation, string code, CancellationToken cancellationToken)
    {
        _metrics.AuthorizationDecided(granted: false);
        string? safeId = OperatorIds.IsWellFormed(supervisorId) ? supervisorId : null;
        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.AuthorizationDenied, _time.GetUtcNow(), terminalId, safeId, safeId, code, operation.ToString()), cancellationToken).ConfigureAwait(false);
    }
}
