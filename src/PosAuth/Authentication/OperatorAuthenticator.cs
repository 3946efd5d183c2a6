using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>
/// The sign-in hot path (DESIGN.md, "The hot verification path"), in this order:
/// <list type="number">
/// <item>validate the input before any work (a 1 MB "PIN" never reaches the KDF; full-width digits are normalised);</item>
/// <item>load the operator; an unknown operator runs a dummy verification of the same cost, is charged under a keyed
/// digest of its number with the rules of an ordinary operator, and is reported exactly like a wrong PIN;</item>
/// <item>check the lockout: a locked subject is rejected without running the KDF;</item>
/// <item>charge the attempt durably before verifying (as an EMV card decrements its PIN try counter first);</item>
/// <item>verify with the KDF and a constant-time compare;</item>
/// <item>on success refund the charge, rehash a legacy or under-parameterised hash, and report a required PIN change; on failure keep the charge;</item>
/// <item>audit and measure, never with the PIN, never with an unknown operator number.</item>
/// </list>
/// Steps 3 and 4 are one atomic operation of the <see cref="ILockoutPolicy"/>, so concurrent guesses cannot overshoot the limit.
/// A store that cannot answer (<see cref="StoreUnavailableException"/>) ends the attempt as
/// <see cref="AuthenticationOutcome.StoreUnavailable"/>: never a success, never a wrong PIN.
/// </summary>
internal sealed class OperatorAuthenticator : IOperatorAuthenticator
{
    private const string DummyPin = "00000000";

    private readonly IOperatorStore _operators;
    private readonly IPinHasher _hasher;
    private readonly ILockoutPolicy _lockout;
    private readonly IAuditSink[] _auditSinks;
    private readonly PosAuthMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly LifetimeTimeProvider _lifetimes;
    private readonly AuthenticationOptions _options;
    private readonly string[] _factoryDefaults;
    private readonly UnknownOperatorDigest _unknown;
    private readonly ISignInStore? _signIn;
    private readonly OperatorBeliefs? _beliefs;
    private readonly IAuditSink[] _sinksBesideSignInStore;
    private string? _dummyHash;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="hasher">The PIN hasher.</param>
    /// <param name="lockout">The lockout policy.</param>
    /// <param name="auditSinks">The audit sinks (any number).</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The options.</param>
    /// <param name="recoveryOptions">Where the factory-default PINs come from (the factory-reset PINs); defaults when <see langword="null"/>.</param>
    /// <param name="secrets">The installation's secrets (the key of unknown-operator digests); a per-process key when <see langword="null"/>.</param>
    /// <param name="pepper">The pepper, whose key (when present) the unknown-operator digest key is derived from instead.</param>
    /// <param name="signInStore">
    /// The storage package's one-transaction commit of a sign-in's outcome (refund, audit, account update), when it has one:
    /// a sign-in then costs two durable commits in all. <see langword="null"/>: the stores are written one at a time.
    /// </param>
    public OperatorAuthenticator(
        IOperatorStore operators,
        IPinHasher hasher,
        ILockoutPolicy lockout,
        IEnumerable<IAuditSink> auditSinks,
        PosAuthMetrics metrics,
        TimeProvider timeProvider,
        IOptions<AuthenticationOptions> options,
        IOptions<RecoveryOptions>? recoveryOptions = null,
        IInstallationSecretStore? secrets = null,
        IPinPepperProvider? pepper = null,
        ISignInStore? signInStore = null)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(lockout);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _operators = operators;
        _hasher = hasher;
        _lockout = lockout;
        _auditSinks = [.. auditSinks];
        _metrics = metrics;
        _time = timeProvider;
        _lifetimes = new LifetimeTimeProvider(timeProvider);
        _options = options.Value;
        _factoryDefaults = FactoryDefaultPins.From(recoveryOptions?.Value ?? new RecoveryOptions());
        _unknown = new UnknownOperatorDigest(secrets, pepper);
        _signIn = signInStore;

        // The charge and the account read in one store call need the sign-in store to read this authenticator's operators.
        _beliefs = signInStore is not null && ReferenceEquals(signInStore.OperatorStore, operators) ? new OperatorBeliefs() : null;

        // Audit records committed through the sign-in store must not be appended a second time by the sink over its audit store.
        _sinksBesideSignInStore = signInStore is null
            ? _auditSinks
            : [.. _auditSinks.Where(sink => sink is not AuditStoreSink storeSink || !ReferenceEquals(storeSink.Store, signInStore.AuditStore))];
    }

    /// <inheritdoc />
    /// <remarks>
    /// The rejection paths (invalid input; a locked known operator with stores that answer synchronously, such as the
    /// in-memory ones) complete synchronously and allocate nothing: they run on every guess once the limit is reached.
    /// The PIN is normalised on the stack; only a path that must wait copies it into a pooled buffer, which the waiting
    /// method then owns and clears.
    /// </remarks>
    public ValueTask<AuthenticationResult> AuthenticateAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        PosAuthActivities.Source.HasListeners()
            ? TracedAuthenticateAsync(terminalId, operatorId, pin, cancellationToken)
            : AuthenticateFastAsync(terminalId, operatorId, pin, cancellationToken);

    // The sign-in span: its tags are the outcome, the terminal and the role; never the operator number (an unknown one
    // is whatever was typed, perhaps a PIN) and never the PIN.
    private async ValueTask<AuthenticationResult> TracedAuthenticateAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        using Activity? activity = PosAuthActivities.Source.StartActivity(PosAuthActivities.SignIn);
        try
        {
            AuthenticationResult result = await AuthenticateFastAsync(terminalId, operatorId, pin, cancellationToken).ConfigureAwait(false);
            if (activity is not null)
            {
                activity.SetTag(PosAuthDiagnostics.OutcomeTag, result.Code);
                if (result.Outcome != AuthenticationOutcome.InvalidInput)
                {
                    activity.SetTag(PosAuthDiagnostics.TerminalTag, terminalId);
                }

                if (result.Role is OperatorRole role)
                {
                    activity.SetTag(PosAuthDiagnostics.RoleTag, role.ToCode());
                }

                if (result.Outcome == AuthenticationOutcome.StoreUnavailable)
                {
                    activity.SetStatus(ActivityStatusCode.Error, result.Code);
                }
            }

            return result;
        }
        catch (Exception ex)
        {
            PosAuthActivities.Fail(activity, ex);
            throw;
        }
    }

    private ValueTask<AuthenticationResult> AuthenticateFastAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken)
    {
        // 1. Input validation, before any work.
        if (terminalId is null || operatorId is null || !OperatorIds.IsWellFormed(terminalId) || !OperatorIds.IsWellFormed(operatorId))
        {
            return RejectInput(terminalId, operatorId, PinInputError.None, cancellationToken);
        }

        Span<char> normalized = stackalloc char[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(pin.Span, normalized, out int length, out PinInputError inputError))
            {
                return RejectInput(terminalId, operatorId, inputError, cancellationToken);
            }

            ReadOnlySpan<char> normalizedPin = normalized[..length];

            // 2 + 3 + 4 in one store call, when this number was read before and the policy's view allows a planned charge.
            if (_beliefs is not null && _beliefs.TryGet(operatorId, out OperatorRole? believed) && TryPlanCharge(terminalId, operatorId, believed) is { } plan)
            {
                return PlannedChargeThenContinueAsync(plan, believed, terminalId, operatorId, PooledPin.Copy(normalizedPin), cancellationToken);
            }

            // 2. Load the operator.
            ValueTask<OperatorAccount?> find = _operators.FindAsync(operatorId, cancellationToken);
            if (!find.IsCompletedSuccessfully)
            {
                return FindThenContinueAsync(find, terminalId, operatorId, PooledPin.Copy(normalizedPin), cancellationToken);
            }

            OperatorAccount? account = find.Result;
            _beliefs?.Remember(operatorId, account);
            if (account is null)
            {
                // Unknown operators take the same path, charged under a keyed digest, with a dummy hash.
                return ChargeThenContinueAsync(terminalId, operatorId, null, PooledPin.Copy(normalizedPin), cancellationToken);
            }

            // 3 + 4. Lockout check and charge, atomically, before any KDF work.
            ValueTask<AttemptCharge> charging = _lockout.TryChargeAsync(KnownSubject(terminalId, account), cancellationToken);
            if (!charging.IsCompletedSuccessfully)
            {
                return ChargedThenContinueAsync(charging, terminalId, operatorId, account, PooledPin.Copy(normalizedPin), cancellationToken);
            }

            AttemptCharge charge = charging.Result;
            if (!charge.IsAllowed)
            {
                return Locked(terminalId, AuditIdentity.Known(operatorId), operatorId, charge.Status, cancellationToken);
            }

            return VerifyAndCompleteAsync(terminalId, operatorId, AuditIdentity.Known(operatorId), account, charge, PooledPin.Copy(normalizedPin), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            // A store that failed synchronously: nothing was charged that the store reported committed.
            return UnavailableAsync(terminalId, operatorId, ex, cancellationToken);
        }
        finally
        {
            normalized.Clear();
        }
    }

    private static LockoutSubject KnownSubject(string terminalId, OperatorAccount account) => new(terminalId, account.OperatorId, account.Role);

    // Unknown numbers get the rules of the most common role, so the arithmetic of remaining attempts is the same as for an existing operator.
    private static LockoutSubject UnknownSubject(string terminalId, string digest) => new(terminalId, digest, OperatorRole.Operator);

    /// <summary>
    /// A charge planned from the policy's view for the subject this number had when last read: the account's, or the
    /// unknown-number digest's. Known and unknown numbers plan alike, so the store calls never tell them apart.
    /// </summary>
    private LockoutChargePlan? TryPlanCharge(string terminalId, string operatorId, OperatorRole? believed)
    {
        LockoutSubject subject;
        if (believed is { } role)
        {
            subject = new LockoutSubject(terminalId, operatorId, role);
        }
        else if (_unknown.TryCompute(operatorId, out string digest))
        {
            subject = UnknownSubject(terminalId, digest);
        }
        else
        {
            return null;
        }

        LockoutChargePlan? plan = _lockout.PrepareCharge(subject);
        if (plan is not null && !ReferenceEquals(plan.Store, _signIn!.AttemptStore))
        {
            _lockout.AbandonCharge(plan);
            return null;
        }

        return plan;
    }

    /// <summary>
    /// The planned charge and the account read in one store call (<see cref="ISignInStore.TryChargeAsync"/>). Charged and
    /// as believed: verify. Otherwise the charge path with reads runs, over the account just read; a charge that
    /// committed although the account had changed in between stays counted (it is never refunded).
    /// </summary>
    private async ValueTask<AuthenticationResult> PlannedChargeThenContinueAsync(LockoutChargePlan plan, OperatorRole? believed, string terminalId, string operatorId, PooledPin pin, CancellationToken cancellationToken)
    {
        using (pin)
        {
            try
            {
                var request = new SignInCharge { OperatorId = operatorId, ExpectedRole = believed, AttemptWrites = plan.Writes };
                SignInChargeResult result;
                try
                {
                    result = await _signIn!.TryChargeAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Committed or not, it is not known: the view is forgotten and nothing is verified.
                    _lockout.AbandonCharge(plan);
                    throw;
                }

                OperatorAccount? account = result.Account;
                if (result.Charged && result.AccountRead && request.Matches(account))
                {
                    AttemptCharge charge = _lockout.CompleteCharge(plan);
                    AuditIdentity identity = account is null ? AuditIdentity.Unknown(plan.Subject.OperatorId) : AuditIdentity.Known(operatorId);
                    return await VerifyAndCompleteAsync(terminalId, operatorId, identity, account, charge, pin.Take(), cancellationToken).ConfigureAwait(false);
                }

                if (result.Charged)
                {
                    _ = _lockout.CompleteCharge(plan);
                }
                else
                {
                    _lockout.AbandonCharge(plan);
                }

                if (!result.AccountRead)
                {
                    account = await _operators.FindAsync(operatorId, cancellationToken).ConfigureAwait(false);
                }

                _beliefs!.Remember(operatorId, account);
                return await ChargeThenContinueAsync(terminalId, operatorId, account, pin.Take(), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return await UnavailableAsync(terminalId, operatorId, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<AuthenticationResult> FindThenContinueAsync(ValueTask<OperatorAccount?> find, string terminalId, string operatorId, PooledPin pin, CancellationToken cancellationToken)
    {
        using (pin)
        {
            try
            {
                OperatorAccount? account = await find.ConfigureAwait(false);
                _beliefs?.Remember(operatorId, account);
                return await ChargeThenContinueAsync(terminalId, operatorId, account, pin.Take(), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return await UnavailableAsync(terminalId, operatorId, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<AuthenticationResult> ChargeThenContinueAsync(string terminalId, string operatorId, OperatorAccount? account, PooledPin pin, CancellationToken cancellationToken)
    {
        using (pin)
        {
            try
            {
                LockoutSubject subject;
                AuditIdentity identity;
                if (account is null)
                {
                    string digest = _unknown.TryCompute(operatorId, out string cached) ? cached : await _unknown.ComputeAsync(operatorId, cancellationToken).ConfigureAwait(false);
                    subject = UnknownSubject(terminalId, digest);
                    identity = AuditIdentity.Unknown(digest);
                }
                else
                {
                    subject = KnownSubject(terminalId, account);
                    identity = AuditIdentity.Known(operatorId);
                }

                AttemptCharge charge = await _lockout.TryChargeAsync(subject, cancellationToken).ConfigureAwait(false);
                if (!charge.IsAllowed)
                {
                    return await Locked(terminalId, identity, operatorId, charge.Status, cancellationToken).ConfigureAwait(false);
                }

                return await VerifyAndCompleteAsync(terminalId, operatorId, identity, account, charge, pin.Take(), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return await UnavailableAsync(terminalId, operatorId, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<AuthenticationResult> ChargedThenContinueAsync(ValueTask<AttemptCharge> charging, string terminalId, string operatorId, OperatorAccount account, PooledPin pin, CancellationToken cancellationToken)
    {
        using (pin)
        {
            try
            {
                AttemptCharge charge = await charging.ConfigureAwait(false);
                AuditIdentity identity = AuditIdentity.Known(operatorId);
                if (!charge.IsAllowed)
                {
                    return await Locked(terminalId, identity, operatorId, charge.Status, cancellationToken).ConfigureAwait(false);
                }

                return await VerifyAndCompleteAsync(terminalId, operatorId, identity, account, charge, pin.Take(), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return await UnavailableAsync(terminalId, operatorId, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AuthenticationResult> VerifyAndCompleteAsync(string terminalId, string operatorId, AuditIdentity identity, OperatorAccount? account, AttemptCharge charge, PooledPin pin, CancellationToken cancellationToken)
    {
        using (pin)
        {
            try
            {
                // 5. Verify (constant time inside the hasher). The attempt is already charged.
                PinVerificationResult verification;
                using (Activity? verifying = PosAuthActivities.Source.StartActivity(PosAuthActivities.Verify))
                {
                    long started = _time.GetTimestamp();
                    verification = account is null
                        ? VerifyDummy(pin.Span)
                        : _hasher.Verify(account.PinHash, pin.Span);
                    _metrics.VerificationMeasured(_time.GetElapsedTime(started));
                    verifying?.SetTag(PosAuthDiagnostics.OutcomeTag, PosAuthActivities.OutcomeOf(verification));
                }

                if (account is null || verification == PinVerificationResult.Failed)
                {
                    // 6 (failure). The charge stays; the policy escalates.
                    LockoutStatus status = await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
                    string code = account is null ? "unknown_operator"
                        : _hasher.Inspect(account.PinHash).IsValid ? "wrong_pin" : "corrupt_pin_hash";
                    return await WrongPinAsync(terminalId, identity, operatorId, status, charge, code, cancellationToken).ConfigureAwait(false);
                }

                // 6 (success). A right PIN is not a guess: the charge is refunded (in the outcome's commit).
                return await SucceededAsync(terminalId, account, pin, verification, charge, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return await UnavailableAsync(terminalId, operatorId, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private PinVerificationResult VerifyDummy(ReadOnlySpan<char> pin)
    {
        // The dummy hash is made with the current parameters, so its verification costs what a real one does.
        // The first unknown operator pays one Hash instead of one Verify: the same KDF work.
        string? dummy = Volatile.Read(ref _dummyHash);
        if (dummy is null)
        {
            Volatile.Write(ref _dummyHash, _hasher.Hash(DummyPin));
            return PinVerificationResult.Failed;
        }

        _ = _hasher.Verify(dummy, pin);
        return PinVerificationResult.Failed;
    }

    private async ValueTask<AuthenticationResult> SucceededAsync(
        string terminalId,
        OperatorAccount account,
        PooledPin pin,
        PinVerificationResult verification,
        AttemptCharge charge,
        CancellationToken cancellationToken)
    {
        DateTimeOffset now = _lifetimes.GetUtcNow();
        AuthenticationOutcome outcome;
        PinChangeReason reason = PinChangeReason.None;
        OperatorAccount updated = account;

        if (account.IsDisabled)
        {
            outcome = AuthenticationOutcome.Disabled;
        }
        else if (account.PinExpiresAt is { } expires && _lifetimes.HasEnded(account.PinChangedAt, expires))
        {
            // Measured on the lifetime clock: setting the terminal's clock back never brings an expired PIN back.
            outcome = AuthenticationOutcome.PinExpired;
        }
        else
        {
            bool factoryDefault = FactoryDefaultPins.Contains(_factoryDefaults, pin.Span);
            if (account.MustChangePin || factoryDefault)
            {
                outcome = AuthenticationOutcome.SucceededMustChangePin;
                reason = account.MustChangePin && account.MustChangePinReason != PinChangeReason.None
                    ? account.MustChangePinReason
                    : PinChangeReason.FactoryDefault;
                if (!account.MustChangePin)
                {
                    updated = updated with { MustChangePin = true, MustChangePinReason = reason };
                }

                if (reason is PinChangeReason.TemporaryPin or PinChangeReason.OfflineUnlock)
                {
                    // Single use: once used, a temporary (or offline-unlock one-time) PIN lives only as long as the change window.
                    DateTimeOffset closes = now + _options.TemporaryPinChangeWindow;
                    if (account.PinExpiresAt is null || account.PinExpiresAt > closes)
                    {
                        updated = updated with { PinExpiresAt = closes };
                    }
                }
            }
            else
            {
                outcome = AuthenticationOutcome.Succeeded;
            }
        }

        bool rehashed = false;
        if (verification == PinVerificationResult.SuccessRehashNeeded && _options.RehashOnSuccess)
        {
            updated = updated with { PinHash = _hasher.Hash(pin.Span) };
            rehashed = true;
        }

        string code = AuthenticationResult.CodeOf(outcome);
        AuditEventType type = outcome is AuthenticationOutcome.Succeeded or AuthenticationOutcome.SucceededMustChangePin
            ? AuditEventType.SignInSucceeded
            : AuditEventType.SignInFailed;
        AuditEvent[] events = [new AuditEvent(type, now, terminalId, account.OperatorId, Code: code)];
        AuditEvent[] accountEvents = rehashed ? [new AuditEvent(AuditEventType.PinRehashed, now, terminalId, account.OperatorId, Code: "rehashed")] : [];

        // One commit for the outcome: the refund, the account housekeeping (a lost race only skips it) and the audit.
        LockoutStatus status = await CommitSuccessAsync(charge, ReferenceEquals(updated, account) ? null : updated, account.Version, accountEvents, events, cancellationToken).ConfigureAwait(false);
        _metrics.AuthenticationCompleted(code);

        bool signedIn = type == AuditEventType.SignInSucceeded;
        return new AuthenticationResult
        {
            Outcome = outcome,
            OperatorId = account.OperatorId,
            Role = signedIn ? account.Role : null,
            RemainingAttempts = status.RemainingAttempts,
            MustChangePinReason = reason,
        };
    }

    /// <summary>
    /// Writes the outcome of a right PIN: through the sign-in store in one transaction when there is one and it covers
    /// the policy's store, otherwise one store at a time. Audit events go to every sink either way.
    /// </summary>
    private async ValueTask<LockoutStatus> CommitSuccessAsync(AttemptCharge charge, OperatorAccount? update, long expectedVersion, AuditEvent[] accountEvents, AuditEvent[] events, CancellationToken cancellationToken)
    {
        if (_signIn is not null)
        {
            LockoutRefundPlan plan = _lockout.PrepareSuccess(charge);
            if (plan.IsPrepared && ReferenceEquals(plan.Store, _signIn.AttemptStore) && (update is null || ReferenceEquals(_signIn.OperatorStore, _operators)))
            {
                SignInCommitResult result = await _signIn.TryCommitAsync(
                    new SignInCommit { AttemptWrites = plan.Writes, AuditEvents = events, AccountUpdate = update, AccountExpectedVersion = expectedVersion, AccountAuditEvents = accountEvents },
                    cancellationToken).ConfigureAwait(false);
                if (result.Committed)
                {
                    if (result.AccountUpdated)
                    {
                        await WriteEachAsync(_sinksBesideSignInStore, accountEvents, cancellationToken).ConfigureAwait(false);
                    }

                    await WriteEachAsync(_sinksBesideSignInStore, events, cancellationToken).ConfigureAwait(false);
                    return plan.Status;
                }

                // Another attempt wrote first: fall back to the retrying path below.
            }
        }

        LockoutStatus status = await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        if (update is not null && await _operators.TryUpdateAsync(update, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            await WriteEachAsync(_auditSinks, accountEvents, cancellationToken).ConfigureAwait(false);
        }

        await WriteEachAsync(_auditSinks, events, cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>Writes the audit of a wrong PIN: in one commit through the sign-in store when there is one.</summary>
    private async ValueTask CommitFailureAsync(List<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (_signIn is not null && (await _signIn.TryCommitAsync(new SignInCommit { AuditEvents = events }, cancellationToken).ConfigureAwait(false)).Committed)
        {
            await WriteEachAsync(_sinksBesideSignInStore, events, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteEachAsync(_auditSinks, events, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask WriteEachAsync(IAuditSink[] sinks, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        foreach (AuditEvent e in events)
        {
            await sinks.WriteAllAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<AuthenticationResult> WrongPinAsync(string terminalId, AuditIdentity identity, string operatorId, LockoutStatus status, AttemptCharge charge, string code, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var events = new List<AuditEvent>(3) { identity.Event(AuditEventType.SignInFailed, now, terminalId, code) };
        if (code == "corrupt_pin_hash")
        {
            events.Add(identity.Event(AuditEventType.CorruptPinHash, now, terminalId, code));
        }

        // The attempt that locks says so: a UI switching on the outcome shows 已锁定 at the moment the lock happens.
        // (Concurrent wrong attempts charged before the lock also see it, and report LockedOut without JustLocked.)
        bool justLocked = status.IsLocked && charge.AppliedLock;
        if (status.IsLocked)
        {
            string reason = CodeOf(status.Reason);
            _metrics.LockedOut(reason);
            AuditEventType type = status.State == LockoutState.Throttled ? AuditEventType.TerminalThrottled : AuditEventType.OperatorLocked;
            events.Add(identity.Event(type, now, terminalId, reason));
        }

        await CommitFailureAsync(events, cancellationToken).ConfigureAwait(false);

        _metrics.AuthenticationCompleted(status.IsLocked ? "locked_out" : "wrong_pin");
        return new AuthenticationResult
        {
            Outcome = status.IsLocked ? AuthenticationOutcome.LockedOut : AuthenticationOutcome.WrongPin,
            OperatorId = operatorId,
            RemainingAttempts = status.IsLocked ? 0 : status.RemainingAttempts,
            LockedUntil = status.LockedUntil,
            IsPermanentlyLocked = status.State == LockoutState.LockedPermanently,
            JustLocked = justLocked,
        };
    }

    private ValueTask<AuthenticationResult> Locked(string terminalId, AuditIdentity identity, string operatorId, LockoutStatus status, CancellationToken cancellationToken)
    {
        _metrics.AuthenticationCompleted("locked_out");
        var result = new AuthenticationResult
        {
            Outcome = AuthenticationOutcome.LockedOut,
            OperatorId = operatorId,
            RemainingAttempts = 0,
            LockedUntil = status.LockedUntil,
            IsPermanentlyLocked = status.State == LockoutState.LockedPermanently,
        };
        return After(_auditSinks.WriteAllAsync(identity.Event(AuditEventType.SignInRejectedLocked, _time.GetUtcNow(), terminalId, CodeOf(status.Reason)), cancellationToken), result);
    }

    private async ValueTask<AuthenticationResult> UnavailableAsync(string terminalId, string operatorId, StoreUnavailableException exception, CancellationToken cancellationToken)
    {
        // Fail closed: not a success, not a wrong PIN. The audit store is likely down too: every sink gets its chance.
        _metrics.AuthenticationCompleted("store_unavailable");
        var auditEvent = new AuditEvent(AuditEventType.StoreUnavailable, _time.GetUtcNow(), terminalId, null, Code: "store_unavailable", Detail: exception.GetType().Name);
        foreach (IAuditSink sink in _auditSinks)
        {
            try
            {
                await sink.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                // Best effort by design: the attempt already failed closed.
            }
        }

        return new AuthenticationResult { Outcome = AuthenticationOutcome.StoreUnavailable, OperatorId = operatorId };
    }

    private ValueTask<AuthenticationResult> RejectInput(string? terminalId, string? operatorId, PinInputError error, CancellationToken cancellationToken)
    {
        _metrics.AuthenticationCompleted("invalid_input");
        // Malformed identifiers are not echoed into the audit trail (they could be anything, even a PIN typed in the wrong field).
        string? safeTerminal = terminalId is not null && OperatorIds.IsWellFormed(terminalId) ? terminalId : null;
        string? safeOperator = operatorId is not null && OperatorIds.IsWellFormed(operatorId) ? operatorId : null;
        var result = new AuthenticationResult
        {
            Outcome = AuthenticationOutcome.InvalidInput,
            OperatorId = safeOperator,
            InputError = error,
        };

        // The operator number is not looked up on this path, so it is never written down: a well-formed one may still be a PIN.
        return After(_auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.SignInFailed, _time.GetUtcNow(), safeTerminal, null, Code: "invalid_input", Detail: CodeOf(error)), cancellationToken), result);
    }

    private static ValueTask<AuthenticationResult> After(ValueTask audit, AuthenticationResult result)
    {
        if (audit.IsCompletedSuccessfully)
        {
            audit.GetAwaiter().GetResult();
            return new(result);
        }

        return AwaitThen(audit, result);

        static async ValueTask<AuthenticationResult> AwaitThen(ValueTask audit, AuthenticationResult result)
        {
            await audit.ConfigureAwait(false);
            return result;
        }
    }

    // Constant strings: calling ToString() on an enum boxes it, and the rejection paths allocate nothing.
    private static string CodeOf(LockReason reason) => reason switch
    {
        LockReason.None => nameof(LockReason.None),
        LockReason.TooManyFailures => nameof(LockReason.TooManyFailures),
        LockReason.PermanentAfterTemporaryLockouts => nameof(LockReason.PermanentAfterTemporaryLockouts),
        LockReason.TerminalThrottle => nameof(LockReason.TerminalThrottle),
        _ => "Other",
    };

    private static string CodeOf(PinInputError error) => error switch
    {
        PinInputError.None => nameof(PinInputError.None),
        PinInputError.Empty => nameof(PinInputError.Empty),
        PinInputError.TooLong => nameof(PinInputError.TooLong),
        PinInputError.NonDigit => nameof(PinInputError.NonDigit),
        _ => "Other",
    };

    /// <summary>How an attempt's operator is written into the audit: a known number as it is, an unknown one only as its digest.</summary>
    private readonly struct AuditIdentity
    {
        private readonly string? _operatorId;
        private readonly string? _digest;

        private AuditIdentity(string? operatorId, string? digest)
        {
            _operatorId = operatorId;
            _digest = digest;
        }

        public static AuditIdentity Known(string operatorId) => new(operatorId, null);

        public static AuditIdentity Unknown(string digest) => new(null, digest);

        public AuditEvent Event(AuditEventType type, DateTimeOffset at, string terminalId, string code) =>
            _digest is null
                ? new AuditEvent(type, at, terminalId, _operatorId, Code: code)
                : new AuditEvent(type, at, terminalId, null, Code: code, Detail: "operator=unknown digest=" + _digest);
    }

    /// <summary>
    /// A normalised PIN in a pooled buffer, owned by exactly one method at a time: the method that receives it disposes
    /// it (clearing the digits) unless it hands it on with <see cref="Take"/>, after which its own dispose does nothing.
    /// </summary>
    private sealed class PooledPin : IDisposable
    {
        private char[]? _buffer;
        private readonly int _length;

        private PooledPin(char[] buffer, int length)
        {
            _buffer = buffer;
            _length = length;
        }

        public ReadOnlySpan<char> Span => _buffer is { } b ? b.AsSpan(0, _length) : throw new ObjectDisposedException(nameof(PooledPin));

        public static PooledPin Copy(ReadOnlySpan<char> pin)
        {
            char[] buffer = ArrayPool<char>.Shared.Rent(PinInput.MaxLength);
            pin.CopyTo(buffer);
            return new PooledPin(buffer, pin.Length);
        }

        /// <summary>Hands the digits on to a new owner; this instance no longer holds them.</summary>
        public PooledPin Take()
        {
            char[] buffer = Interlocked.Exchange(ref _buffer, null) ?? throw new ObjectDisposedException(nameof(PooledPin));
            return new PooledPin(buffer, _length);
        }

        public void Dispose()
        {
            char[]? buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null)
            {
                Array.Clear(buffer, 0, PinInput.MaxLength);
                ArrayPool<char>.Shared.Return(buffer);
            }
        }
    }
}
