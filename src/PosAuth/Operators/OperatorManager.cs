using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>The default <see cref="IOperatorManager"/>.</summary>
/// <remarks>
/// Every operation starts with the same check of the actor (<see cref="ActorAuthority"/>): the account is read again,
/// so an <see cref="OperatorActor"/> built by hand, or kept after the actor was disabled, demoted, deleted or reset,
/// gains nothing its stored account does not have. Refusals are results, never exceptions; exceptions are left for
/// programming errors (a <see langword="null"/> argument).
/// </remarks>
internal sealed class OperatorManager : IOperatorManager
{
    private readonly IOperatorStore _operators;
    private readonly IPinHasher _hasher;
    private readonly PinPolicy _pinPolicy;
    private readonly ILockoutPolicy _lockout;
    private readonly IPermissionPolicy _permissions;
    private readonly IAuditSink[] _audit;
    private readonly TimeProvider _time;

    /// <summary>Creates the manager.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="hasher">The PIN hasher.</param>
    /// <param name="pinPolicy">The PIN policy.</param>
    /// <param name="lockout">The lockout policy.</param>
    /// <param name="permissions">The permission policy.</param>
    /// <param name="auditSinks">The audit sinks.</param>
    /// <param name="timeProvider">The time source.</param>
    public OperatorManager(IOperatorStore operators, IPinHasher hasher, PinPolicy pinPolicy, ILockoutPolicy lockout, IPermissionPolicy permissions, IEnumerable<IAuditSink> auditSinks, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(pinPolicy);
        ArgumentNullException.ThrowIfNull(lockout);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _operators = operators;
        _hasher = hasher;
        _pinPolicy = pinPolicy;
        _lockout = lockout;
        _permissions = permissions;
        _audit = [.. auditSinks];
        _time = timeProvider;
    }

    /// <inheritdoc />
    public async ValueTask<OperatorManagementResult<OperatorAccount>> CreateAsync(OperatorActor actor, string terminalId, string operatorId, OperatorRole role, ReadOnlyMemory<char> initialPin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        Actor acting = await CheckActorAsync(actor, terminalId, "create", cancellationToken).ConfigureAwait(false);
        bool wellFormed = OperatorIds.IsWellFormed(operatorId);
        OperatorManagementErrorKind? refusal = acting.Refusal
            ?? (!wellFormed ? OperatorManagementErrorKind.InvalidOperatorId
            : OperatorIds.ConventionalRole(operatorId) != role ? OperatorManagementErrorKind.RoleMismatch
            : !_permissions.CanManage(acting.Role, role) ? OperatorManagementErrorKind.InsufficientRole
            : null);
        if (refusal is { } error)
        {
            return await DeniedAsync<OperatorAccount>(acting, terminalId, wellFormed ? operatorId : null, "create", error, cancellationToken).ConfigureAwait(false);
        }

        (string? hash, IReadOnlyList<PinRejectionReason> rejections) = HashNewPin(initialPin.Span, role, operatorId, terminalId);
        if (hash is null)
        {
            return await DeniedAsync<OperatorAccount>(acting, terminalId, operatorId, "create", OperatorManagementErrorKind.PinRejected, cancellationToken, rejections).ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        var account = new OperatorAccount
        {
            OperatorId = operatorId,
            Role = role,
            PinHash = hash,
            MustChangePin = true,
            MustChangePinReason = PinChangeReason.ResetByHigherRole,
            CreatedAt = now,
            PinChangedAt = now,
        };
        if (!await _operators.TryCreateAsync(account, cancellationToken).ConfigureAwait(false))
        {
            return await DeniedAsync<OperatorAccount>(acting, terminalId, operatorId, "create", OperatorManagementErrorKind.AlreadyExists, cancellationToken).ConfigureAwait(false);
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorCreated, now, terminalId, operatorId, acting.Id, "created", role.ToString()), cancellationToken).ConfigureAwait(false);
        OperatorAccount? stored = await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? OperatorManagementResult<OperatorAccount>.Failed(OperatorManagementError.Create(OperatorManagementErrorKind.ConcurrentUpdate))
            : OperatorManagementResult<OperatorAccount>.Success(stored);
    }

    /// <inheritdoc />
    public async ValueTask<OperatorManagementResult> DeleteAsync(OperatorActor actor, string terminalId, string operatorId, string? signedInOperatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        Actor acting = await CheckActorAsync(actor, terminalId, "delete", cancellationToken).ConfigureAwait(false);
        OperatorManagementErrorKind? refusal = acting.Refusal
            ?? (operatorId is OperatorIds.Administrator or OperatorIds.Supervisor ? OperatorManagementErrorKind.ProtectedOperator
            : string.Equals(operatorId, signedInOperatorId, StringComparison.Ordinal) || string.Equals(operatorId, actor.OperatorId, StringComparison.Ordinal)
                ? OperatorManagementErrorKind.OperatorSignedIn
            : null);
        OperatorAccount? target = refusal is null ? await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false) : null;
        refusal ??= target is null ? OperatorManagementErrorKind.UnknownOperator
            : !_permissions.CanManage(acting.Role, target.Role) ? OperatorManagementErrorKind.InsufficientRole
            : null;
        if (refusal is { } error)
        {
            await AuditDeniedAsync(acting, terminalId, AuditableTarget(operatorId, error), "delete", error, cancellationToken).ConfigureAwait(false);
            return OperatorManagementResult.Failed(OperatorManagementError.Create(error));
        }

        if (!await _operators.DeleteAsync(operatorId, cancellationToken).ConfigureAwait(false))
        {
            return OperatorManagementResult.Failed(OperatorManagementError.Create(OperatorManagementErrorKind.UnknownOperator));
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorDeleted, _time.GetUtcNow(), terminalId, operatorId, acting.Id, "deleted"), cancellationToken).ConfigureAwait(false);
        return OperatorManagementResult.Success;
    }

    /// <inheritdoc />
    public async ValueTask<OperatorManagementResult<OperatorAccount>> SetDisabledAsync(OperatorActor actor, string terminalId, string operatorId, bool disabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        (Actor acting, OperatorAccount? account, OperatorManagementErrorKind? refusal) = await CheckActorAndTargetAsync(actor, terminalId, operatorId, "disable", cancellationToken).ConfigureAwait(false);
        if (refusal is { } error)
        {
            return await DeniedAsync<OperatorAccount>(acting, terminalId, AuditableTarget(operatorId, error), "disable", error, cancellationToken).ConfigureAwait(false);
        }

        OperatorAccount updated = account! with { IsDisabled = disabled };
        if (!await _operators.TryUpdateAsync(updated, account.Version, cancellationToken).ConfigureAwait(false))
        {
            return OperatorManagementResult<OperatorAccount>.Failed(OperatorManagementError.Create(OperatorManagementErrorKind.ConcurrentUpdate));
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorDisabledChanged, _time.GetUtcNow(), terminalId, operatorId, acting.Id, disabled ? "disabled" : "enabled"), cancellationToken).ConfigureAwait(false);
        OperatorAccount? stored = await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? OperatorManagementResult<OperatorAccount>.Failed(OperatorManagementError.Create(OperatorManagementErrorKind.ConcurrentUpdate))
            : OperatorManagementResult<OperatorAccount>.Success(stored);
    }

    /// <inheritdoc />
    public async ValueTask<OperatorManagementResult<LockoutStatus>> UnlockAsync(OperatorActor actor, string terminalId, string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        ArgumentNullException.ThrowIfNull(terminalId);
        (Actor acting, OperatorAccount? account, OperatorManagementErrorKind? refusal) = await CheckActorAndTargetAsync(actor, terminalId, operatorId, "unlock", cancellationToken).ConfigureAwait(false);
        if (refusal is { } error)
        {
            return await DeniedAsync<LockoutStatus>(acting, terminalId, AuditableTarget(operatorId, error), "unlock", error, cancellationToken).ConfigureAwait(false);
        }

        // The stored roles decide; with the default permission table CanManage (strictly higher) implies the lockout's own
        // MayUnlock rule, and a replaced table that allows more is still held to it.
        var lockoutActor = new LockoutActor(acting.Id!, acting.Role);
        LockoutUnlockResult unlocked = await _lockout.UnlockAsync(new LockoutSubject(terminalId, operatorId, account!.Role), lockoutActor, cancellationToken).ConfigureAwait(false);
        if (!unlocked.Succeeded)
        {
            return await DeniedAsync<LockoutStatus>(acting, terminalId, operatorId, "unlock", OperatorManagementErrorKind.InsufficientRole, cancellationToken).ConfigureAwait(false);
        }

        LockoutStatus status = unlocked.Status;
        await _lockout.UnlockAsync(OfflineUnlockService.UnlockFlowSubject(terminalId, account.Role), lockoutActor, cancellationToken).ConfigureAwait(false);
        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorUnlocked, _time.GetUtcNow(), terminalId, operatorId, acting.Id, "unlocked"), cancellationToken).ConfigureAwait(false);
        return OperatorManagementResult<LockoutStatus>.Success(status);
    }

    /// <summary>An unknown target's id is not written to the audit trail (it may be a PIN typed into the wrong field).</summary>
    private static string? AuditableTarget(string operatorId, OperatorManagementErrorKind error) =>
        error == OperatorManagementErrorKind.UnknownOperator || !OperatorIds.IsWellFormed(operatorId) ? null : operatorId;

    private (string? Hash, IReadOnlyList<PinRejectionReason> Rejections) HashNewPin(ReadOnlySpan<char> raw, OperatorRole role, string operatorId, string terminalId)
    {
        Span<char> pin = stackalloc char[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(raw, pin, out int length, out _))
            {
                return (null, [PinRejectionReason.NonDigit]);
            }

            PinPolicyResult verdict = _pinPolicy.Evaluate(pin[..length], new PinPolicyContext { Role = role, OperatorId = operatorId, TerminalId = terminalId });
            return verdict.IsAccepted ? (_hasher.Hash(pin[..length]), []) : (null, verdict.Reasons);
        }
        finally
        {
            pin.Clear();
        }
    }

    private async ValueTask<(Actor Acting, OperatorAccount? Target, OperatorManagementErrorKind? Refusal)> CheckActorAndTargetAsync(OperatorActor actor, string terminalId, string operatorId, string operation, CancellationToken cancellationToken)
    {
        Actor acting = await CheckActorAsync(actor, terminalId, operation, cancellationToken).ConfigureAwait(false);
        if (acting.Refusal is { } refusal)
        {
            return (acting, null, refusal);
        }

        OperatorAccount? target = await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false);
        return target is null ? (acting, null, OperatorManagementErrorKind.UnknownOperator)
            : !_permissions.CanManage(acting.Role, target.Role) ? (acting, target, OperatorManagementErrorKind.InsufficientRole)
            : (acting, target, null);
    }

    /// <summary>Re-reads the actor's account and checks it against the permission table (see <see cref="ActorAuthority"/>).</summary>
    private async ValueTask<Actor> CheckActorAsync(OperatorActor actor, string terminalId, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        (OperatorAccount? account, ActorRefusal refusal) = await ActorAuthority.CheckAsync(
            _operators, _permissions, actor.OperatorId ?? string.Empty, actor.Role, Permission.ManageOperators, cancellationToken).ConfigureAwait(false);
        OperatorManagementErrorKind? error = refusal switch
        {
            ActorRefusal.None => null,
            ActorRefusal.PinChangeRequired => OperatorManagementErrorKind.PinChangeRequired,
            ActorRefusal.PermissionDenied => OperatorManagementErrorKind.InsufficientRole,
            _ => OperatorManagementErrorKind.ActorNotAllowed,
        };

        // Only an actor whose account exists is named in the audit trail.
        return new Actor(account?.OperatorId, account?.Role ?? actor.Role, error);
    }

    private async ValueTask<OperatorManagementResult<T>> DeniedAsync<T>(Actor acting, string terminalId, string? targetId, string operation, OperatorManagementErrorKind error, CancellationToken cancellationToken, IReadOnlyList<PinRejectionReason>? rejections = null)
    {
        await AuditDeniedAsync(acting, terminalId, targetId, operation, error, cancellationToken).ConfigureAwait(false);
        return OperatorManagementResult<T>.Failed(OperatorManagementError.Create(error, rejections));
    }

    private ValueTask AuditDeniedAsync(Actor acting, string terminalId, string? targetId, string operation, OperatorManagementErrorKind error, CancellationToken cancellationToken) =>
        _audit.WriteAllAsync(
            new AuditEvent(AuditEventType.ManagementDenied, _time.GetUtcNow(), terminalId, targetId, acting.Id, OperatorManagementError.CodeOf(error), operation),
            cancellationToken);

    /// <summary>The actor as stored: its id (when the account exists), stored role, and why it may not act.</summary>
    private readonly record struct Actor(string? Id, OperatorRole Role, OperatorManagementErrorKind? Refusal);
}
