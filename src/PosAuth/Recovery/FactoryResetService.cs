using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>The default <see cref="IFactoryResetService"/>.</summary>
/// <remarks>
/// Order: authorise; record the <see cref="AuditEventType.FactoryReset"/> event; hash the factory PINs (before anything
/// is deleted, so a failure leaves the accounts as they were); clear every lockout; delete every session; replace the
/// accounts; then, only if asked, clear the audit trail and record the event again.
/// </remarks>
internal sealed class FactoryResetService : IFactoryResetService
{
    private readonly IOperatorStore _operators;
    private readonly IOperatorAuthenticator _authenticator;
    private readonly IPinHasher _hasher;
    private readonly ILockoutPolicy _lockout;
    private readonly ISessionStore _sessions;
    private readonly IAuditStore _auditStore;
    private readonly IAuditSink[] _auditSinks;
    private readonly TimeProvider _time;
    private readonly RecoveryOptions _options;
    private readonly IPermissionPolicy _permissions;

    /// <summary>Creates the service.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="authenticator">The authenticator that verifies the administrator's PIN.</param>
    /// <param name="hasher">The PIN hasher (for the factory PINs).</param>
    /// <param name="lockout">The lockout policy (reset entirely).</param>
    /// <param name="sessions">The session store (emptied).</param>
    /// <param name="auditStore">The audit store (cleared only on request).</param>
    /// <param name="auditSinks">The audit sinks the factory-reset event is written to (include one that writes to <paramref name="auditStore"/>).</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The recovery options (factory PINs).</param>
    /// <param name="permissions">The permission policy.</param>
    public FactoryResetService(
        IOperatorStore operators,
        IOperatorAuthenticator authenticator,
        IPinHasher hasher,
        ILockoutPolicy lockout,
        ISessionStore sessions,
        IAuditStore auditStore,
        IEnumerable<IAuditSink> auditSinks,
        TimeProvider timeProvider,
        IOptions<RecoveryOptions> options,
        IPermissionPolicy permissions)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(lockout);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(auditStore);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(permissions);
        _operators = operators;
        _authenticator = authenticator;
        _hasher = hasher;
        _lockout = lockout;
        _sessions = sessions;
        _auditStore = auditStore;
        _auditSinks = [.. auditSinks];
        _time = timeProvider;
        _options = options.Value;
        _permissions = permissions;
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult> FactoryResetAsync(string terminalId, FactoryResetActor actor, FactoryResetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        options ??= new FactoryResetOptions();
        if (!RecoveryGuard.AreWellFormed(terminalId) || (!actor.IsSystem && !RecoveryGuard.AreWellFormed(actor.OperatorId)))
        {
            return RecoveryResult.Failed(RecoveryError.Simple(RecoveryErrorKind.InvalidInput));
        }

        LockoutActor lockoutActor = LockoutActor.System;
        if (!actor.IsSystem)
        {
            AuthenticationResult auth = await _authenticator.AuthenticateAsync(terminalId, actor.OperatorId, actor.Pin, cancellationToken).ConfigureAwait(false);

            // The PIN verdict, then the administrator's account as stored now and the permission table.
            (OperatorAccount? administrator, RecoveryError? error) = await ActorCheck.VerifiedActorAsync(
                auth, _operators, _permissions, actor.OperatorId, Permission.FactoryReset, cancellationToken).ConfigureAwait(false);
            if (error is null && administrator!.Role != OperatorRole.Administrator)
            {
                error = RecoveryError.Simple(RecoveryErrorKind.InsufficientRole);
            }

            if (error is not null)
            {
                await AuditAsync(AuditEventType.ManagementDenied, terminalId, auth.Succeeded ? actor.OperatorId : null, error.Code, "factory_reset", cancellationToken).ConfigureAwait(false);
                return RecoveryResult.Failed(error);
            }

            lockoutActor = new LockoutActor(actor.OperatorId, OperatorRole.Administrator);
        }

        string detail = options.ClearAuditTrail ? "audit=cleared" : "audit=kept";

        // 1. The event goes in first, before anything is cleared.
        await AuditAsync(AuditEventType.FactoryReset, terminalId, actor.OperatorId, "factory_reset", detail, cancellationToken).ConfigureAwait(false);

        // 2. Hash first: a failure here leaves everything as it was.
        DateTimeOffset now = _time.GetUtcNow();
        OperatorAccount[] defaults =
        [
            Factory(OperatorIds.Administrator, OperatorRole.Administrator, _options.FactoryAdministratorPin, now),
            Factory(OperatorIds.Supervisor, OperatorRole.Supervisor, _options.FactorySupervisorPin, now),
            Factory(OperatorIds.FirstOperator, OperatorRole.Operator, _options.FactoryOperatorPin, now),
        ];

        // 3. Clear lockout and sessions, replace the accounts.
        await _lockout.ResetAllAsync(lockoutActor, cancellationToken).ConfigureAwait(false);
        await _sessions.DeleteAllAsync(cancellationToken).ConfigureAwait(false);
        // One atomic step: a power cut can leave the old accounts or the factory ones, never no administrator.
        await _operators.ReplaceAllAsync(defaults, cancellationToken).ConfigureAwait(false);

        // 4. Only on request: clear the trail, and start the new one with the reset.
        if (options.ClearAuditTrail)
        {
            await _auditStore.ClearAsync(cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditEventType.FactoryReset, terminalId, actor.OperatorId, "factory_reset", detail, cancellationToken).ConfigureAwait(false);
        }

        return RecoveryResult.Success;
    }

    private OperatorAccount Factory(string operatorId, OperatorRole role, string pin, DateTimeOffset now) => new()
    {
        OperatorId = operatorId,
        Role = role,
        PinHash = _hasher.Hash(pin),
        MustChangePin = true,
        MustChangePinReason = PinChangeReason.FactoryDefault,
        CreatedAt = now,
        PinChangedAt = now,
    };

    private ValueTask AuditAsync(AuditEventType type, string terminalId, string? actorId, string code, string? detail, CancellationToken cancellationToken) =>
        _auditSinks.WriteAllAsync(new AuditEvent(type, _time.GetUtcNow(), terminalId, null, actorId, code, detail), cancellationToken);
}
