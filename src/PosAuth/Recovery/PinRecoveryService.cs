using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>
/// The default <see cref="IPinRecoveryService"/>: PIN change, reset by a higher role and temporary PINs.
/// </summary>
/// <remarks>
/// A reset or temporary PIN clears the target's lockout on the terminal where it is done (lockout is kept per
/// operator and terminal). The old PIN hash goes into the PIN history in every flow, so a reset PIN can never be
/// "changed" back to the forgotten or compromised one.
/// </remarks>
internal sealed class PinRecoveryService : IPinRecoveryService
{
    private readonly IOperatorStore _operators;
    private readonly IOperatorAuthenticator _authenticator;
    private readonly IPinHasher _hasher;
    private readonly ILockoutPolicy _lockout;
    private readonly IAuditSink[] _auditSinks;
    private readonly TimeProvider _time;
    private readonly RecoveryOptions _options;
    private readonly RecoveryPinRules _rules;
    private readonly IPermissionPolicy _permissions;

    /// <summary>Creates the service.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="authenticator">The authenticator that verifies the acting operator's PIN (and charges lockout).</param>
    /// <param name="hasher">The PIN hasher.</param>
    /// <param name="pinPolicy">The PIN policy for new PINs.</param>
    /// <param name="lockout">The lockout policy (a reset clears the target's lockout).</param>
    /// <param name="auditSinks">The audit sinks.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The recovery options.</param>
    /// <param name="pinPolicyOptions">The PIN policy options (lengths per role, history depth, factory defaults).</param>
    /// <param name="authenticationOptions">The authentication options (factory-default PINs).</param>
    /// <param name="permissions">The permission policy.</param>
    public PinRecoveryService(
        IOperatorStore operators,
        IOperatorAuthenticator authenticator,
        IPinHasher hasher,
        PinPolicy pinPolicy,
        ILockoutPolicy lockout,
        IEnumerable<IAuditSink> auditSinks,
        TimeProvider timeProvider,
        IOptions<RecoveryOptions> options,
        IOptions<PinPolicyOptions> pinPolicyOptions,
        IOptions<AuthenticationOptions> authenticationOptions,
        IPermissionPolicy permissions)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(pinPolicy);
        ArgumentNullException.ThrowIfNull(lockout);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pinPolicyOptions);
        ArgumentNullException.ThrowIfNull(authenticationOptions);
        ArgumentNullException.ThrowIfNull(permissions);
        _operators = operators;
        _authenticator = authenticator;
        _hasher = hasher;
        _lockout = lockout;
        _auditSinks = [.. auditSinks];
        _time = timeProvider;
        _options = options.Value;
        _rules = new RecoveryPinRules(pinPolicy, pinPolicyOptions.Value, authenticationOptions.Value, _options);
        _permissions = permissions;
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken = default)
    {
        if (!RecoveryGuard.AreWellFormed(terminalId, operatorId))
        {
            return RecoveryResult.Failed(RecoveryError.Simple(RecoveryErrorKind.InvalidInput));
        }

        // Failures are audited by the authenticator (SignInFailed); only a completed change is recorded here.
        // The current PIN goes through the hot path: it is charged before verification, and an unknown operator is a wrong PIN.
        AuthenticationResult auth = await _authenticator.AuthenticateAsync(terminalId, operatorId, currentPin, cancellationToken).ConfigureAwait(false);
        if (ActorCheck.ForSelf(auth) is { } authError)
        {
            return RecoveryResult.Failed(authError);
        }

        OperatorAccount? account = await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return RecoveryResult.Failed(RecoveryError.Simple(RecoveryErrorKind.ConcurrentUpdate));
        }

        PinChangeReason previousReason = account.MustChangePinReason;
        if (await SetNewPinAsync(account, newPin, terminalId, mustChange: false, PinChangeReason.None, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return RecoveryResult.Failed(error);
        }

        await AuditAsync(AuditEventType.PinChanged, terminalId, operatorId, null, "changed", previousReason == PinChangeReason.None ? null : previousReason.ToString(), cancellationToken).ConfigureAwait(false);
        return RecoveryResult.Success;
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult> ResetPinAsync(string terminalId, string actorId, ReadOnlyMemory<char> actorPin, string targetOperatorId, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken = default)
    {
        (OperatorAccount? target, OperatorRole actorRole, RecoveryError? error) =
            await AuthorizeAsync(terminalId, actorId, actorPin, targetOperatorId, "reset_pin", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return RecoveryResult.Failed(error);
        }

        if (await SetNewPinAsync(target!, newPin, terminalId, mustChange: true, PinChangeReason.ResetByHigherRole, cancellationToken).ConfigureAwait(false) is { } saveError)
        {
            return RecoveryResult.Failed(saveError);
        }

        await _lockout.UnlockAsync(new LockoutSubject(terminalId, target!.OperatorId, target.Role), new LockoutActor(actorId, actorRole), cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditEventType.PinReset, terminalId, targetOperatorId, actorId, "reset", null, cancellationToken).ConfigureAwait(false);
        return RecoveryResult.Success;
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult<TemporaryPin>> IssueTemporaryPinAsync(string terminalId, string actorId, ReadOnlyMemory<char> actorPin, string targetOperatorId, CancellationToken cancellationToken = default)
    {
        (OperatorAccount? target, OperatorRole actorRole, RecoveryError? error) =
            await AuthorizeAsync(terminalId, actorId, actorPin, targetOperatorId, "issue_temporary_pin", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return RecoveryResult<TemporaryPin>.Failed(error);
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset expires = now + _options.TemporaryPinLifetime;
        char[]? digits = await AccountUpdates.TrySetOneTimePinAsync(_operators, _hasher, _rules, target!, terminalId, PinChangeReason.TemporaryPin, now, expires, cancellationToken).ConfigureAwait(false);
        if (digits is null)
        {
            return RecoveryResult<TemporaryPin>.Failed(RecoveryError.Simple(RecoveryErrorKind.ConcurrentUpdate));
        }

        await _lockout.UnlockAsync(new LockoutSubject(terminalId, target!.OperatorId, target.Role), new LockoutActor(actorId, actorRole), cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditEventType.TemporaryPinIssued, terminalId, targetOperatorId, actorId, "issued", "expires=" + expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return RecoveryResult<TemporaryPin>.Success(TemporaryPin.TakeOwnership(digits, target.OperatorId, expires));
    }

    private async ValueTask<(OperatorAccount? Target, OperatorRole ActorRole, RecoveryError? Error)> AuthorizeAsync(
        string terminalId,
        string actorId,
        ReadOnlyMemory<char> actorPin,
        string targetOperatorId,
        string operation,
        CancellationToken cancellationToken)
    {
        if (!RecoveryGuard.AreWellFormed(terminalId, actorId, targetOperatorId))
        {
            return (null, default, RecoveryError.Simple(RecoveryErrorKind.InvalidInput));
        }

        AuthenticationResult auth = await _authenticator.AuthenticateAsync(terminalId, actorId, actorPin, cancellationToken).ConfigureAwait(false);

        // The PIN verdict, then the actor's account as stored now and the permission table.
        (OperatorAccount? actor, RecoveryError? actorError) = await ActorCheck.VerifiedActorAsync(
            auth, _operators, _permissions, actorId, Permission.ManageOperators, cancellationToken).ConfigureAwait(false);
        if (actorError is not null)
        {
            // Name only accounts that exist (an unknown id may be a PIN typed into the wrong field).
            string? knownActor = auth.Succeeded ? actorId : null;
            string? knownTarget = knownActor is not null && await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false) is not null ? targetOperatorId : null;
            await AuditAsync(AuditEventType.ManagementDenied, terminalId, knownTarget, knownActor, actorError.Code, operation, cancellationToken).ConfigureAwait(false);
            return (null, default, actorError);
        }

        OperatorRole actorRole = actor!.Role;
        OperatorAccount? target = await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            // The unknown target's id is not written (it may be a PIN typed into the wrong field).
            await AuditAsync(AuditEventType.ManagementDenied, terminalId, null, actorId, "unknown_operator", operation, cancellationToken).ConfigureAwait(false);
            return (null, actorRole, RecoveryError.Simple(RecoveryErrorKind.UnknownOperator));
        }

        if (string.Equals(actorId, targetOperatorId, StringComparison.Ordinal) || !_permissions.CanManage(actorRole, target.Role))
        {
            await AuditAsync(AuditEventType.ManagementDenied, terminalId, targetOperatorId, actorId, "insufficient_role", operation, cancellationToken).ConfigureAwait(false);
            return (null, actorRole, RecoveryError.Simple(RecoveryErrorKind.InsufficientRole));
        }

        return (target, actorRole, null);
    }

    /// <summary>Checks <paramref name="newPin"/> against the policy, then stores its hash (no expiry) with the given must-change state.</summary>
    private async ValueTask<RecoveryError?> SetNewPinAsync(OperatorAccount account, ReadOnlyMemory<char> newPin, string terminalId, bool mustChange, PinChangeReason reason, CancellationToken cancellationToken)
    {
        PinPolicyResult verdict = _rules.EvaluateNewPin(newPin.Span, account, terminalId);
        if (!verdict.IsAccepted)
        {
            return RecoveryError.Policy(verdict.Reasons);
        }

        string newHash = _hasher.Hash(newPin.Span);
        DateTimeOffset now = _time.GetUtcNow();
        return await AccountUpdates.TrySaveAsync(
                _operators,
                account,
                a => _rules.WithNewPinHash(a, newHash, now) with { MustChangePin = mustChange, MustChangePinReason = reason, PinExpiresAt = null },
                cancellationToken).ConfigureAwait(false)
            ? null
            : RecoveryError.Simple(RecoveryErrorKind.ConcurrentUpdate);
    }

    private ValueTask AuditAsync(AuditEventType type, string terminalId, string? operatorId, string? actorId, string code, string? detail, CancellationToken cancellationToken) =>
        _auditSinks.WriteAllAsync(new AuditEvent(type, _time.GetUtcNow(), terminalId, operatorId, actorId, code, detail), cancellationToken);
}
