using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.Audit;
using PosAuth.Authentication;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Operators;
using PosAuth.Recovery.OfflineUnlock;

namespace PosAuth.Recovery;

/// <summary>
/// The default <see cref="IOfflineUnlockService"/>: the stateful terminal side of the offline unlock, on the stateless
/// primitives of <see cref="OfflineUnlockCalculator"/> and <see cref="OfflineUnlockChallenge"/>. Usable without DI.
/// </summary>
/// <remarks>
/// <para><b>Outstanding challenges live in memory only, one per terminal, on purpose.</b> A restart (power cycle,
/// app update) forgets them, so a response computed before the restart is worthless afterwards and the operator asks
/// for a new challenge. This costs one more phone call in a rare case and buys a lot: there is no stored challenge an
/// attacker could roll back, copy or replay from a disk image, no "used" flag that a power cut at the wrong moment could
/// lose, and expiry runs on the monotonic clock, which a changed wall clock cannot stretch (the wall clock is checked
/// too, failing closed).</para>
/// <para><b>After a right response</b> the target's lockout on this terminal is cleared and a one-time PIN (random digits of
/// the role's minimum length) replaces the forgotten one, shown once on the terminal screen. It expires after
/// <see cref="RecoveryOptions.OfflineUnlockPinLifetime"/>, and the sign-in with it answers
/// <see cref="AuthenticationOutcome.SucceededMustChangePin"/> (<see cref="PinChangeReason.OfflineUnlock"/>): the
/// operator must then choose a PIN through <see cref="IPinRecoveryService.ChangePinAsync"/>. So the PIN the operator
/// finally uses always goes through the PIN policy, exactly as after a temporary PIN.</para>
/// <para><b>Wrong responses</b> are charged to the lockout subject <see cref="UnlockFlowSubjectId"/> on the terminal
/// (ordinary-operator rules of <see cref="LockoutOptions"/>, and the terminal throttle), before the response is checked;
/// when the flow locks, the outstanding challenge is dropped too. Malformed input (not 8 digits) is refused without a
/// charge. A replay of an accepted response, an expired challenge or a missing one is never charged: none of them is
/// a guess that could succeed.</para>
/// </remarks>
public sealed class OfflineUnlockService : IOfflineUnlockService
{
    /// <summary>
    /// The lockout subject (operator id) of the unlock flow on each terminal: <c>#unlock</c>. It is not a well-formed
    /// operator number, so it never collides with a real operator.
    /// </summary>
    public const string UnlockFlowSubjectId = "#unlock";

    private readonly ConcurrentDictionary<string, PendingUnlockChallenge> _pending = new(StringComparer.Ordinal);
    private readonly IOperatorStore _operators;
    private readonly IPinHasher _hasher;
    private readonly ILockoutPolicy _lockout;
    private readonly IOfflineUnlockKeyProvider _keys;
    private readonly IAuditSink[] _auditSinks;
    private readonly TimeProvider _time;
    private readonly RecoveryOptions _options;
    private readonly RecoveryPinRules _rules;
    private readonly Func<int, string> _challengeDigits;

    /// <summary>Creates the service.</summary>
    /// <param name="operators">The operator store.</param>
    /// <param name="hasher">The PIN hasher (for the one-time PIN).</param>
    /// <param name="pinPolicy">The PIN policy (the one-time PIN is never a weak one).</param>
    /// <param name="lockout">The lockout policy: the target's lockout is cleared, and the unlock flow has its own.</param>
    /// <param name="keyProvider">Supplies the terminal key.</param>
    /// <param name="auditSinks">The audit sinks.</param>
    /// <param name="timeProvider">The time source (expiry).</param>
    /// <param name="options">The recovery options.</param>
    /// <param name="pinPolicyOptions">The PIN policy options (lengths per role, history depth).</param>
    /// <param name="authenticationOptions">The authentication options (factory-default PINs).</param>
    /// <exception cref="OptionsValidationException">The recovery options are invalid.</exception>
    public OfflineUnlockService(
        IOperatorStore operators,
        IPinHasher hasher,
        PinPolicy pinPolicy,
        ILockoutPolicy lockout,
        IOfflineUnlockKeyProvider keyProvider,
        IEnumerable<IAuditSink> auditSinks,
        TimeProvider timeProvider,
        IOptions<RecoveryOptions> options,
        IOptions<PinPolicyOptions> pinPolicyOptions,
        IOptions<AuthenticationOptions> authenticationOptions)
        : this(operators, hasher, pinPolicy, lockout, keyProvider, auditSinks, timeProvider, options, pinPolicyOptions, authenticationOptions, challengeDigits: null)
    {
    }

    /// <summary>Creates the service with a source of challenge digits (tests force repeated digits through it).</summary>
    internal OfflineUnlockService(
        IOperatorStore operators,
        IPinHasher hasher,
        PinPolicy pinPolicy,
        ILockoutPolicy lockout,
        IOfflineUnlockKeyProvider keyProvider,
        IEnumerable<IAuditSink> auditSinks,
        TimeProvider timeProvider,
        IOptions<RecoveryOptions> options,
        IOptions<PinPolicyOptions> pinPolicyOptions,
        IOptions<AuthenticationOptions> authenticationOptions,
        Func<int, string>? challengeDigits)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(pinPolicy);
        ArgumentNullException.ThrowIfNull(lockout);
        ArgumentNullException.ThrowIfNull(keyProvider);
        ArgumentNullException.ThrowIfNull(auditSinks);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pinPolicyOptions);
        ArgumentNullException.ThrowIfNull(authenticationOptions);
        _operators = operators;
        _hasher = hasher;
        _lockout = lockout;
        _keys = keyProvider;
        _auditSinks = [.. auditSinks];
        _time = timeProvider;
        _options = RecoveryGuard.Validated(options.Value);
        _rules = new RecoveryPinRules(pinPolicy, pinPolicyOptions.Value, authenticationOptions.Value, _options);
        _challengeDigits = challengeDigits ?? OfflineUnlockChallenge.RandomDigits;
    }

    /// <summary>The lockout subject of the unlock flow on <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <returns>The subject whose status says whether the unlock flow is locked.</returns>
    public static LockoutSubject UnlockFlowSubject(string terminalId) => new(terminalId, UnlockFlowSubjectId, OperatorRole.Operator);

    /// <inheritdoc />
    public async ValueTask<RecoveryResult<OfflineUnlockChallenge>> IssueChallengeAsync(string terminalId, string targetOperatorId, CancellationToken cancellationToken = default)
    {
        if (!RecoveryGuard.AreWellFormed(terminalId, targetOperatorId))
        {
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.Simple(RecoveryErrorCode.InvalidInput));
        }

        byte[]? key = await _keys.GetTerminalKeyAsync(terminalId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.Simple(RecoveryErrorCode.OfflineUnlockNotConfigured));
        }

        CryptographicOperations.ZeroMemory(key);
        OperatorAccount? target = await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.Simple(RecoveryErrorCode.UnknownOperator));
        }

        LockoutStatus status = await _lockout.GetStatusAsync(UnlockFlowSubject(terminalId), cancellationToken).ConfigureAwait(false);
        if (status.IsLocked)
        {
            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, targetOperatorId, "unlock_flow_locked", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.UnlockLocked(status.LockedUntil, status.State == LockoutState.LockedPermanently));
        }

        DateTimeOffset issuedAt = _time.GetUtcNow();
        var challenge = new OfflineUnlockChallenge(_challengeDigits(_options.UnlockChallengeDigits), terminalId, targetOperatorId, issuedAt, issuedAt + _options.UnlockChallengeLifetime);
        _pending[terminalId] = new PendingUnlockChallenge(challenge, _time.GetTimestamp(), _options.UnlockChallengeLifetime);
        await AuditAsync(AuditEventType.OfflineUnlockChallengeIssued, terminalId, targetOperatorId, "issued", cancellationToken).ConfigureAwait(false);
        return RecoveryResult<OfflineUnlockChallenge>.Success(challenge);
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(string terminalId, string targetOperatorId, string response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!RecoveryGuard.AreWellFormed(terminalId, targetOperatorId) || !IsWellFormedResponse(response))
        {
            return Fail(RecoveryErrorCode.InvalidInput);
        }

        if (!_pending.TryGetValue(terminalId, out PendingUnlockChallenge? pending)
            || !string.Equals(pending.Challenge.TargetOperatorId, targetOperatorId, StringComparison.Ordinal))
        {
            return await FailAuditedAsync(terminalId, targetOperatorId, RecoveryErrorCode.NoPendingUnlockChallenge, cancellationToken).ConfigureAwait(false);
        }

        byte[]? key = await _keys.GetTerminalKeyAsync(terminalId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return Fail(RecoveryErrorCode.OfflineUnlockNotConfigured);
        }

        try
        {
            return await CompleteAsync(terminalId, targetOperatorId, response, pending, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static RecoveryResult<TemporaryPin> Fail(RecoveryErrorCode code) => RecoveryResult<TemporaryPin>.Failed(RecoveryError.Simple(code));

    /// <summary>8 digits (ASCII or full-width), with spaces or '-' between them, and nothing else.</summary>
    private static bool IsWellFormedResponse(string response)
    {
        if (response.Length > 4 * OfflineUnlockCalculator.ResponseDigits)
        {
            return false;
        }

        int digits = 0;
        foreach (char c in response)
        {
            if (char.IsAsciiDigit(c) || c is >= '\uFF10' and <= '\uFF19')
            {
                digits++;
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }

        return digits == OfflineUnlockCalculator.ResponseDigits;
    }

    private async ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(
        string terminalId,
        string targetOperatorId,
        string response,
        PendingUnlockChallenge pending,
        byte[] key,
        CancellationToken cancellationToken)
    {
        if (pending.IsUsed)
        {
            // Not a guess: the challenge is spent. Tell a replay apart from a stray answer, charge neither.
            RecoveryErrorCode code = OfflineUnlockCalculator.VerifyResponse(key, pending.Challenge, response)
                ? RecoveryErrorCode.UnlockResponseReplayed
                : RecoveryErrorCode.NoPendingUnlockChallenge;
            return await FailAuditedAsync(terminalId, targetOperatorId, code, cancellationToken).ConfigureAwait(false);
        }

        if (pending.IsExpired(_time))
        {
            _pending.TryRemove(new KeyValuePair<string, PendingUnlockChallenge>(terminalId, pending));
            return await FailAuditedAsync(terminalId, targetOperatorId, RecoveryErrorCode.UnlockChallengeExpired, cancellationToken).ConfigureAwait(false);
        }

        OperatorAccount? target = await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            _pending.TryRemove(new KeyValuePair<string, PendingUnlockChallenge>(terminalId, pending));
            return await FailAuditedAsync(terminalId, targetOperatorId, RecoveryErrorCode.UnknownOperator, cancellationToken).ConfigureAwait(false);
        }

        // Charge before checking, as the sign-in hot path does: a power cut after a wrong answer never gives a free try.
        AttemptCharge charge = await _lockout.TryChargeAsync(UnlockFlowSubject(terminalId), cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, targetOperatorId, "unlock_flow_locked", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<TemporaryPin>.Failed(RecoveryError.UnlockLocked(charge.Status.LockedUntil, charge.Status.State == LockoutState.LockedPermanently));
        }

        if (!OfflineUnlockCalculator.VerifyResponse(key, pending.Challenge, response))
        {
            LockoutStatus status = await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
            if (status.IsLocked)
            {
                // A locked flow needs a fresh challenge once it reopens.
                _pending.TryRemove(new KeyValuePair<string, PendingUnlockChallenge>(terminalId, pending));
            }

            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, targetOperatorId, "wrong_unlock_response", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<TemporaryPin>.Failed(RecoveryError.WrongResponse(status.RemainingAttempts, status.LockedUntil, status.State == LockoutState.LockedPermanently));
        }

        await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        if (!pending.TryConsume())
        {
            // Two concurrent completions with the same right answer: only the first one wins.
            return await FailAuditedAsync(terminalId, targetOperatorId, RecoveryErrorCode.UnlockResponseReplayed, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset expires = now + _options.OfflineUnlockPinLifetime;
        char[]? digits = await AccountUpdates.TrySetOneTimePinAsync(_operators, _hasher, _rules, target, terminalId, PinChangeReason.OfflineUnlock, now, expires, cancellationToken).ConfigureAwait(false);
        if (digits is null)
        {
            return await FailAuditedAsync(terminalId, targetOperatorId, RecoveryErrorCode.ConcurrentUpdate, cancellationToken).ConfigureAwait(false);
        }

        await _lockout.UnlockAsync(new LockoutSubject(terminalId, target.OperatorId, target.Role), LockoutActor.System, cancellationToken).ConfigureAwait(false);
        await _auditSinks.WriteAllAsync(
            new AuditEvent(AuditEventType.OfflineUnlockSucceeded, now, terminalId, targetOperatorId, LockoutActor.SystemActorId, "unlocked", "one_time_pin_expires=" + expires.ToString("O", CultureInfo.InvariantCulture)),
            cancellationToken).ConfigureAwait(false);
        return RecoveryResult<TemporaryPin>.Success(TemporaryPin.TakeOwnership(digits, target.OperatorId, expires));
    }

    private async ValueTask<RecoveryResult<TemporaryPin>> FailAuditedAsync(string terminalId, string targetOperatorId, RecoveryErrorCode code, CancellationToken cancellationToken)
    {
        await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, targetOperatorId, RecoveryError.CodeOf(code), cancellationToken).ConfigureAwait(false);
        return Fail(code);
    }

    private ValueTask AuditAsync(AuditEventType type, string terminalId, string operatorId, string code, CancellationToken cancellationToken) =>
        _auditSinks.WriteAllAsync(new AuditEvent(type, _time.GetUtcNow(), terminalId, operatorId, Code: code), cancellationToken);
}
