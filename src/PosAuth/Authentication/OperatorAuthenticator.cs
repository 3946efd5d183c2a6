using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PosAuth.Audit;
using PosAuth.Diagnostics;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Operators;

namespace PosAuth.Authentication;

/// <summary>
/// The sign-in hot path (DESIGN.md, "The hot verification path"), in this order:
/// <list type="number">
/// <item>validate the input before any work (a 1 MB "PIN" never reaches the KDF; full-width digits are normalised);</item>
/// <item>load the operator; an unknown operator runs a dummy verification of the same cost and is reported exactly like a wrong PIN;</item>
/// <item>check the lockout: a locked subject is rejected without running the KDF;</item>
/// <item>charge the attempt durably before verifying (as an EMV card decrements its PIN try counter first);</item>
/// <item>verify with the KDF and a constant-time compare;</item>
/// <item>on success refund the charge, rehash a legacy or under-parameterised hash, and report a required PIN change; on failure keep the charge;</item>
/// <item>audit and measure, never with the PIN.</item>
/// </list>
/// Steps 3 and 4 are one atomic operation of the <see cref="ILockoutPolicy"/>, so concurrent guesses cannot overshoot the limit.
/// </summary>
public sealed class OperatorAuthenticator : IOperatorAuthenticator
{
    private const string DummyPin = "00000000";

    private readonly IOperatorStore _operators;
    private readonly IPinHasher _hasher;
    private readonly ILockoutPolicy _lockout;
    private readonly IAuditSink[] _auditSinks;
    private readonly PosAuthMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly AuthenticationOptions _options;
    private readonly string[] _factoryDefaults;
    private string? _dummyHash;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="hasher">The PIN hasher.</param>
    /// <param name="lockout">The lockout policy.</param>
    /// <param name="auditSinks">The audit sinks (any number).</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="options">The options.</param>
    public OperatorAuthenticator(
        IOperatorStore operators,
        IPinHasher hasher,
        ILockoutPolicy lockout,
        IEnumerable<IAuditSink> auditSinks,
        PosAuthMetrics metrics,
        TimeProvider timeProvider,
        IOptions<AuthenticationOptions> options)
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
        _options = options.Value;
        _factoryDefaults = [.. _options.FactoryDefaultPins];
    }

    /// <summary>Whether <paramref name="normalizedPin"/> is one of the configured factory-default PINs.</summary>
    /// <param name="normalizedPin">An ASCII-digit PIN.</param>
    /// <returns><see langword="true"/> for a factory default.</returns>
    public bool IsFactoryDefault(ReadOnlySpan<char> normalizedPin)
    {
        foreach (string candidate in _factoryDefaults)
        {
            if (normalizedPin.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The rejection paths (invalid input; a locked subject with stores that answer synchronously, such as the
    /// in-memory ones) complete synchronously and allocate nothing: they run on every guess once the limit is reached.
    /// </remarks>
    public ValueTask<AuthenticationResult> AuthenticateAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default)
    {
        // 1. Input validation, before any work.
        if (terminalId is null || operatorId is null || !OperatorIds.IsWellFormed(terminalId) || !OperatorIds.IsWellFormed(operatorId))
        {
            return RejectInput(terminalId, operatorId, PinInputError.None, cancellationToken);
        }

        char[] buffer = ArrayPool<char>.Shared.Rent(PinInput.MaxLength);
        bool handedOver = false;
        try
        {
            if (!PinInput.TryNormalize(pin.Span, buffer, out int length, out PinInputError inputError))
            {
                return RejectInput(terminalId, operatorId, inputError, cancellationToken);
            }

            // 2. Load the operator. Unknown operators take the same path with a dummy hash.
            ValueTask<OperatorAccount?> find = _operators.FindAsync(operatorId, cancellationToken);
            if (!find.IsCompletedSuccessfully)
            {
                handedOver = true;
                return FindThenContinueAsync(find, terminalId, operatorId, buffer, length, cancellationToken);
            }

            OperatorAccount? account = find.Result;

            // 3 + 4. Lockout check and charge, atomically, before any KDF work.
            ValueTask<AttemptCharge> charging = _lockout.TryChargeAsync(Subject(terminalId, operatorId, account), cancellationToken);
            if (!charging.IsCompletedSuccessfully)
            {
                handedOver = true;
                return ChargeThenContinueAsync(charging, terminalId, operatorId, account, buffer, length, cancellationToken);
            }

            AttemptCharge charge = charging.Result;
            if (!charge.IsAllowed)
            {
                return Locked(terminalId, operatorId, charge.Status, cancellationToken);
            }

            handedOver = true;
            return VerifyAndCompleteAsync(terminalId, operatorId, account, charge, buffer, length, cancellationToken);
        }
        finally
        {
            if (!handedOver)
            {
                Release(buffer);
            }
        }
    }

    private static LockoutSubject Subject(string terminalId, string operatorId, OperatorAccount? account) =>
        new(terminalId, operatorId, account?.Role ?? OperatorIds.ConventionalRole(operatorId));

    private static void Release(char[] buffer)
    {
        Array.Clear(buffer, 0, PinInput.MaxLength);
        ArrayPool<char>.Shared.Return(buffer);
    }

    private async ValueTask<AuthenticationResult> FindThenContinueAsync(ValueTask<OperatorAccount?> find, string terminalId, string operatorId, char[] buffer, int length, CancellationToken cancellationToken)
    {
        bool handedOver = false;
        try
        {
            OperatorAccount? account = await find.ConfigureAwait(false);
            ValueTask<AttemptCharge> charging = _lockout.TryChargeAsync(Subject(terminalId, operatorId, account), cancellationToken);
            handedOver = true;
            return await ChargeThenContinueAsync(charging, terminalId, operatorId, account, buffer, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!handedOver)
            {
                Release(buffer);
            }
        }
    }

    private async ValueTask<AuthenticationResult> ChargeThenContinueAsync(ValueTask<AttemptCharge> charging, string terminalId, string operatorId, OperatorAccount? account, char[] buffer, int length, CancellationToken cancellationToken)
    {
        bool handedOver = false;
        try
        {
            AttemptCharge charge = await charging.ConfigureAwait(false);
            if (!charge.IsAllowed)
            {
                return await Locked(terminalId, operatorId, charge.Status, cancellationToken).ConfigureAwait(false);
            }

            handedOver = true;
            return await VerifyAndCompleteAsync(terminalId, operatorId, account, charge, buffer, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!handedOver)
            {
                Release(buffer);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AuthenticationResult> VerifyAndCompleteAsync(string terminalId, string operatorId, OperatorAccount? account, AttemptCharge charge, char[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            ReadOnlyMemory<char> normalized = buffer.AsMemory(0, length);

            // 5. Verify (constant time inside the hasher). The attempt is already charged.
            long started = _time.GetTimestamp();
            PinVerificationResult verification = account is null
                ? VerifyDummy(normalized.Span)
                : _hasher.Verify(account.PinHash, normalized.Span);
            _metrics.VerificationMeasured(_time.GetElapsedTime(started));

            if (account is null || verification == PinVerificationResult.Failed)
            {
                // 6 (failure). The charge stays; the policy escalates.
                LockoutStatus status = await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
                string code = account is null ? "unknown_operator"
                    : _hasher.Inspect(account.PinHash).IsValid ? "wrong_pin" : "corrupt_pin_hash";
                return await WrongPinAsync(terminalId, operatorId, status, code, cancellationToken).ConfigureAwait(false);
            }

            // 6 (success). A right PIN is not a guess: refund the charge.
            LockoutStatus cleared = await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
            return await SucceededAsync(terminalId, account, normalized, verification, cleared, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(buffer);
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
        ReadOnlyMemory<char> pin,
        PinVerificationResult verification,
        LockoutStatus status,
        CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        AuthenticationOutcome outcome;
        PinChangeReason reason = PinChangeReason.None;
        OperatorAccount updated = account;

        if (account.IsDisabled)
        {
            outcome = AuthenticationOutcome.Disabled;
        }
        else if (account.PinExpiresAt is { } expires && now >= expires)
        {
            outcome = AuthenticationOutcome.PinExpired;
        }
        else
        {
            bool factoryDefault = IsFactoryDefault(pin.Span);
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

        if (!ReferenceEquals(updated, account))
        {
            // A lost race (someone changed the account meanwhile) only skips this housekeeping.
            bool saved = await _operators.TryUpdateAsync(updated, account.Version, cancellationToken).ConfigureAwait(false);
            if (saved && rehashed)
            {
                await _auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.PinRehashed, now, terminalId, account.OperatorId, Code: "rehashed"), cancellationToken).ConfigureAwait(false);
            }
        }

        string code = AuthenticationResult.CodeOf(outcome);
        _metrics.AuthenticationCompleted(code);
        AuditEventType type = outcome is AuthenticationOutcome.Succeeded or AuthenticationOutcome.SucceededMustChangePin
            ? AuditEventType.SignInSucceeded
            : AuditEventType.SignInFailed;
        await _auditSinks.WriteAllAsync(new AuditEvent(type, now, terminalId, account.OperatorId, Code: code), cancellationToken).ConfigureAwait(false);

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

    private async ValueTask<AuthenticationResult> WrongPinAsync(string terminalId, string operatorId, LockoutStatus status, string code, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _metrics.AuthenticationCompleted("wrong_pin");
        await _auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.SignInFailed, now, terminalId, operatorId, Code: code), cancellationToken).ConfigureAwait(false);
        if (code == "corrupt_pin_hash")
        {
            await _auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.CorruptPinHash, now, terminalId, operatorId, Code: code), cancellationToken).ConfigureAwait(false);
        }

        if (status.IsLocked)
        {
            string reason = CodeOf(status.Reason);
            _metrics.LockedOut(reason);
            AuditEventType type = status.State == LockoutState.Throttled ? AuditEventType.TerminalThrottled : AuditEventType.OperatorLocked;
            await _auditSinks.WriteAllAsync(new AuditEvent(type, now, terminalId, operatorId, Code: reason), cancellationToken).ConfigureAwait(false);
        }

        return new AuthenticationResult
        {
            Outcome = AuthenticationOutcome.WrongPin,
            OperatorId = operatorId,
            RemainingAttempts = status.RemainingAttempts,
            LockedUntil = status.LockedUntil,
            IsPermanentlyLocked = status.State == LockoutState.LockedPermanently,
        };
    }

    private ValueTask<AuthenticationResult> Locked(string terminalId, string operatorId, LockoutStatus status, CancellationToken cancellationToken)
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
        return After(_auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.SignInRejectedLocked, _time.GetUtcNow(), terminalId, operatorId, Code: CodeOf(status.Reason)), cancellationToken), result);
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
        return After(_auditSinks.WriteAllAsync(new AuditEvent(AuditEventType.SignInFailed, _time.GetUtcNow(), safeTerminal, safeOperator, Code: "invalid_input", Detail: CodeOf(error)), cancellationToken), result);
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
}
