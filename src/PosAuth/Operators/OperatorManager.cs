using PosAuth.Audit;
using PosAuth.Authorization;
using PosAuth.Hashing;
using PosAuth.Lockout;

namespace PosAuth.Operators;

/// <summary>The default <see cref="IOperatorManager"/>.</summary>
public sealed class OperatorManager : IOperatorManager
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
    public async ValueTask<OperatorAccount> CreateAsync(OperatorActor actor, string terminalId, string operatorId, OperatorRole role, ReadOnlyMemory<char> initialPin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        if (!OperatorIds.IsWellFormed(operatorId))
        {
            throw new OperatorManagementException(OperatorManagementError.InvalidOperatorId, "The operator number must be 1 to 16 ASCII letters or digits.");
        }

        if (OperatorIds.ConventionalRole(operatorId) != role)
        {
            throw new OperatorManagementException(OperatorManagementError.RoleMismatch, $"Operator {operatorId} cannot have role {role}: 99 is the administrator, 00 the supervisor, other numbers ordinary operators.");
        }

        await DemandAsync(actor, terminalId, operatorId, role, "create", cancellationToken).ConfigureAwait(false);
        string hash = HashNewPin(initialPin.Span, role, operatorId, terminalId);
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
            throw new OperatorManagementException(OperatorManagementError.AlreadyExists, $"Operator {operatorId} already exists.");
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorCreated, now, terminalId, operatorId, actor.OperatorId, "created", role.ToString()), cancellationToken).ConfigureAwait(false);
        return (await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(OperatorActor actor, string terminalId, string operatorId, string? signedInOperatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        if (operatorId is OperatorIds.Administrator or OperatorIds.Supervisor)
        {
            await DeniedAsync(actor, terminalId, operatorId, "delete_protected", cancellationToken).ConfigureAwait(false);
            throw new OperatorManagementException(OperatorManagementError.ProtectedOperator, $"Operator {operatorId} cannot be deleted.");
        }

        if (string.Equals(operatorId, signedInOperatorId, StringComparison.Ordinal) || string.Equals(operatorId, actor.OperatorId, StringComparison.Ordinal))
        {
            await DeniedAsync(actor, terminalId, operatorId, "delete_signed_in", cancellationToken).ConfigureAwait(false);
            throw new OperatorManagementException(OperatorManagementError.OperatorSignedIn, $"Operator {operatorId} is signed in and cannot be deleted.");
        }

        OperatorAccount account = await FindOrThrowAsync(operatorId, cancellationToken).ConfigureAwait(false);
        await DemandAsync(actor, terminalId, operatorId, account.Role, "delete", cancellationToken).ConfigureAwait(false);
        if (!await _operators.DeleteAsync(operatorId, cancellationToken).ConfigureAwait(false))
        {
            throw new OperatorManagementException(OperatorManagementError.UnknownOperator, $"Operator {operatorId} does not exist.");
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorDeleted, _time.GetUtcNow(), terminalId, operatorId, actor.OperatorId, "deleted"), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<OperatorAccount> SetDisabledAsync(OperatorActor actor, string terminalId, string operatorId, bool disabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        OperatorAccount account = await FindOrThrowAsync(operatorId, cancellationToken).ConfigureAwait(false);
        await DemandAsync(actor, terminalId, operatorId, account.Role, "disable", cancellationToken).ConfigureAwait(false);
        OperatorAccount updated = account with { IsDisabled = disabled };
        if (!await _operators.TryUpdateAsync(updated, account.Version, cancellationToken).ConfigureAwait(false))
        {
            throw new OperatorManagementException(OperatorManagementError.ConcurrentUpdate, $"Operator {operatorId} was changed meanwhile; retry.");
        }

        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorDisabledChanged, _time.GetUtcNow(), terminalId, operatorId, actor.OperatorId, disabled ? "disabled" : "enabled"), cancellationToken).ConfigureAwait(false);
        return (await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> UnlockAsync(OperatorActor actor, string terminalId, string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        ArgumentNullException.ThrowIfNull(terminalId);
        OperatorAccount account = await FindOrThrowAsync(operatorId, cancellationToken).ConfigureAwait(false);
        await DemandAsync(actor, terminalId, operatorId, account.Role, "unlock", cancellationToken).ConfigureAwait(false);
        LockoutStatus status = await _lockout.UnlockAsync(
            new LockoutSubject(terminalId, operatorId, account.Role),
            new LockoutActor(actor.OperatorId, actor.Role),
            cancellationToken).ConfigureAwait(false);
        await _audit.WriteAllAsync(new AuditEvent(AuditEventType.OperatorUnlocked, _time.GetUtcNow(), terminalId, operatorId, actor.OperatorId, "unlocked"), cancellationToken).ConfigureAwait(false);
        return status;
    }

    private string HashNewPin(ReadOnlySpan<char> raw, OperatorRole role, string operatorId, string terminalId)
    {
        Span<char> pin = stackalloc char[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(raw, pin, out int length, out PinInputError error))
            {
                throw new OperatorManagementException(OperatorManagementError.PinRejected, $"The initial PIN is not valid input ({error}).", [PinRejectionReason.NonDigit]);
            }

            PinPolicyResult verdict = _pinPolicy.Evaluate(pin[..length], new PinPolicyContext { Role = role, OperatorId = operatorId, TerminalId = terminalId });
            if (!verdict.IsAccepted)
            {
                throw new OperatorManagementException(OperatorManagementError.PinRejected, "The initial PIN is refused by the PIN policy: " + string.Join(", ", verdict.Reasons) + ".", verdict.Reasons);
            }

            return _hasher.Hash(pin[..length]);
        }
        finally
        {
            pin.Clear();
        }
    }

    private async ValueTask<OperatorAccount> FindOrThrowAsync(string operatorId, CancellationToken cancellationToken) =>
        await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false)
        ?? throw new OperatorManagementException(OperatorManagementError.UnknownOperator, $"Operator {operatorId} does not exist.");

    private async ValueTask DemandAsync(OperatorActor actor, string terminalId, string targetId, OperatorRole targetRole, string operation, CancellationToken cancellationToken)
    {
        if (!_permissions.CanManage(actor.Role, targetRole))
        {
            await DeniedAsync(actor, terminalId, targetId, operation + "_insufficient_role", cancellationToken).ConfigureAwait(false);
            throw new OperatorManagementException(OperatorManagementError.InsufficientRole, $"A {actor.Role} cannot {operation} a {targetRole}: only a higher role may.");
        }
    }

    private ValueTask DeniedAsync(OperatorActor actor, string terminalId, string targetId, string code, CancellationToken cancellationToken) =>
        _audit.WriteAllAsync(new AuditEvent(AuditEventType.ManagementDenied, _time.GetUtcNow(), terminalId, targetId, actor.OperatorId, code), cancellationToken);
}
