using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>
/// The default <see cref="IOfflineUnlockService"/>: the stateful terminal side of the offline unlock, on the stateless
/// primitives of <see cref="OfflineUnlockCalculator"/> and <see cref="OfflineUnlockChallenge"/>.
/// </summary>
/// <remarks>
/// <para><b>One pending challenge per (terminal, operator).</b> Asking again for the same operator returns the same
/// challenge until it is answered or expires (the operator may be reading it over the phone); a request for another
/// operator leaves it alone. Expiry runs on the monotonic clock and the wall clock, whichever ends it first, so a
/// wall clock set back never stretches it.</para>
/// <para><b>Issuing is rate-limited</b> through the lockout policy: every fresh challenge is charged to
/// <see cref="ChallengeIssueSubject"/> (the administrator's rules, so it only ever slows, never locks for good), and a
/// right answer refunds it. The charge is durable in the attempt store, so a power cycle does not reset the budget.
/// Asking again for a pending challenge costs nothing.</para>
/// <para><b>A spent challenge is never issued again</b> to the same operator on the same terminal while the process
/// runs, so a (challenge, response) pair once accepted can never be accepted again. Pending and spent challenges live
/// in memory only, on purpose: a power cut forgets them, which fails closed (a pending challenge can no longer be
/// answered; the operator asks for a new one, and there is no stored challenge to roll back, copy or replay from a disk
/// image). What a power cut does give up is the spent list: after a restart a replay needs the terminal to draw the
/// very same random digits for the same operator again, one chance in 10^8 per fresh challenge with the default 8
/// digits, and fresh challenges are rate-limited by a budget that does survive the restart. Raise
/// <see cref="RecoveryOptions.UnlockChallengeDigits"/> for a smaller chance.</para>
/// <para><b>Wrong responses</b> are charged, before the response is checked, to <see cref="UnlockFlowSubject"/> of the
/// target's role on the terminal, under that role's rules of <see cref="LockoutOptions"/> (so the administrator's
/// unlock is only ever slowed), and to the terminal throttle; when the flow locks, the challenge answered is dropped.
/// A higher role lifts the lock with <see cref="IOperatorManager.UnlockAsync"/> for the target. Malformed input is
/// refused without a charge; a replay, an expired challenge or a missing one is never charged: none of them is a
/// guess that could succeed.</para>
/// <para><b>No enumeration.</b> A challenge is issued for any well-formed operator number, existing or not, along the
/// same path: an unknown operator gets the rules of an ordinary operator, its wrong answers are charged and answered
/// exactly like a known operator's, and its number is never written to the audit trail or to an attempt key.</para>
/// <para><b>After a right response</b> the target's lockout on this terminal is cleared and a one-time PIN (random digits of
/// the role's minimum length) replaces the forgotten one, shown once on the terminal screen. It expires after
/// <see cref="RecoveryOptions.OfflineUnlockPinLifetime"/>, and the sign-in with it answers
/// <see cref="AuthenticationOutcome.SucceededMustChangePin"/> (<see cref="PinChangeReason.OfflineUnlock"/>): the
/// operator must then choose a PIN through <see cref="IPinRecoveryService.ChangePinAsync"/>, and until then the
/// one-time PIN grants nothing else.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "SemaphoreSlim.Dispose only frees the wait handle that AvailableWaitHandle creates on demand, and nothing here reads it; making the singleton disposable would only let a container shutdown race a caller still holding the gate.")]
internal sealed class OfflineUnlockService : IOfflineUnlockService
{
    /// <summary>
    /// The prefix of the lockout subjects (operator ids) of the unlock flow: <c>#unlock</c>, followed by
    /// <c>/operator</c>, <c>/supervisor</c> or <c>/administrator</c> for the target's role. Not a well-formed operator
    /// number, so it never collides with a real operator.
    /// </summary>
    public const string UnlockFlowSubjectId = "#unlock";

    /// <summary>The lockout subject (operator id) of the challenge issue rate limit on each terminal: <c>#unlock-issue</c>.</summary>
    public const string ChallengeIssueSubjectId = "#unlock-issue";

    /// <summary>Draws of fresh digits before giving up on a source that keeps repeating spent challenges (a broken RNG).</summary>
    private const int MaxDraws = 64;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _issuing = new(1, 1);
    private readonly Dictionary<(string Terminal, string Target), PendingUnlockChallenge> _pending = [];
    private readonly HashSet<(string Terminal, string Target, string Challenge)> _spent = [];
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
        _options = options.Value;
        _rules = new RecoveryPinRules(pinPolicy, pinPolicyOptions.Value, authenticationOptions.Value, _options);
        _challengeDigits = challengeDigits ?? RandomDigits;
    }

    /// <summary>
    /// The lockout subject of the unlock flow on <paramref name="terminalId"/> for targets of <paramref name="targetRole"/>:
    /// wrong responses are charged here, under that role's lockout rules.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="targetRole">The role of the operator being unlocked (an unknown operator counts as <see cref="OperatorRole.Operator"/>).</param>
    /// <returns>The subject whose status says whether the unlock flow is locked for that role.</returns>
    public static LockoutSubject UnlockFlowSubject(string terminalId, OperatorRole targetRole) => new(terminalId, targetRole switch
    {
        OperatorRole.Administrator => UnlockFlowSubjectId + "/administrator",
        OperatorRole.Supervisor => UnlockFlowSubjectId + "/supervisor",
        _ => UnlockFlowSubjectId + "/operator",
    }, targetRole);

    /// <summary>
    /// The lockout subject that rate-limits fresh challenges on <paramref name="terminalId"/>. It has the
    /// administrator's rules, which never lock permanently: issuing a challenge is not a guess, so it is only slowed.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <returns>The subject.</returns>
    public static LockoutSubject ChallengeIssueSubject(string terminalId) => new(terminalId, ChallengeIssueSubjectId, OperatorRole.Administrator);

    /// <inheritdoc />
    public async ValueTask<RecoveryResult<OfflineUnlockChallenge>> IssueChallengeAsync(string terminalId, string targetOperatorId, CancellationToken cancellationToken = default)
    {
        if (!RecoveryGuard.AreWellFormed(terminalId, targetOperatorId))
        {
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.Simple(RecoveryErrorKind.InvalidInput));
        }

        byte[]? key = await _keys.GetTerminalKeyAsync(terminalId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.Simple(RecoveryErrorKind.OfflineUnlockNotConfigured));
        }

        CryptographicOperations.ZeroMemory(key);

        // One issue at a time: concurrent requests for one operator (a double tap) get the one pending challenge,
        // and only one of them is charged.
        await _issuing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await IssueAsync(terminalId, targetOperatorId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _issuing.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(string terminalId, string targetOperatorId, string response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!RecoveryGuard.AreWellFormed(terminalId, targetOperatorId) || !IsWellFormedResponse(response))
        {
            return Fail(RecoveryErrorKind.InvalidInput);
        }

        // Known or not, the same path; the account as it is now decides the rules of the charge.
        OperatorAccount? target = await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false);
        PendingUnlockChallenge? pending;
        lock (_gate)
        {
            _pending.TryGetValue((terminalId, targetOperatorId), out pending);
        }

        if (pending is null)
        {
            return await FailAuditedAsync(terminalId, target?.OperatorId, RecoveryErrorKind.NoPendingUnlockChallenge, cancellationToken).ConfigureAwait(false);
        }

        byte[]? key = await _keys.GetTerminalKeyAsync(terminalId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return Fail(RecoveryErrorKind.OfflineUnlockNotConfigured);
        }

        try
        {
            await pending.AnswerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await CompleteAsync(terminalId, targetOperatorId, target, response, pending, key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                pending.AnswerGate.Release();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async ValueTask<RecoveryResult<OfflineUnlockChallenge>> IssueAsync(string terminalId, string targetOperatorId, CancellationToken cancellationToken)
    {
        // Known or not, the same path: an unknown operator gets an ordinary operator's rules and is never named.
        OperatorAccount? target = await _operators.FindAsync(targetOperatorId, cancellationToken).ConfigureAwait(false);
        string? named = target?.OperatorId;
        (string, string) slot = (terminalId, targetOperatorId);
        if (PendingFor(slot) is { } pending)
        {
            // Nothing changes, so nothing is charged or audited: asking again cannot flood the store.
            return RecoveryResult<OfflineUnlockChallenge>.Success(pending.Challenge);
        }

        LockoutStatus status = await _lockout.GetStatusAsync(UnlockFlowSubject(terminalId, target?.Role ?? OperatorRole.Operator), cancellationToken).ConfigureAwait(false);
        if (status.IsLocked)
        {
            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, named, "unlock_flow_locked", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.UnlockLocked(status.LockedUntil, status.State == LockoutState.LockedPermanently));
        }

        AttemptCharge charge = await _lockout.TryChargeAsync(ChallengeIssueSubject(terminalId), cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, named, RecoveryError.CodeOf(RecoveryErrorKind.UnlockChallengeRateLimited), cancellationToken).ConfigureAwait(false);
            return RecoveryResult<OfflineUnlockChallenge>.Failed(RecoveryError.ChallengeRateLimited(charge.Status.LockedUntil));
        }

        PendingUnlockChallenge issued = InstallFresh(slot, charge);
        await AuditAsync(AuditEventType.OfflineUnlockChallengeIssued, terminalId, named, "issued", cancellationToken).ConfigureAwait(false);
        return RecoveryResult<OfflineUnlockChallenge>.Success(issued.Challenge);
    }

    private static RecoveryResult<TemporaryPin> Fail(RecoveryErrorKind code) => RecoveryResult<TemporaryPin>.Failed(RecoveryError.Simple(code));

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

    /// <summary>The pending challenge of <paramref name="slot"/> if it can still be answered.</summary>
    private PendingUnlockChallenge? PendingFor((string Terminal, string Target) slot)
    {
        lock (_gate)
        {
            return _pending.TryGetValue(slot, out PendingUnlockChallenge? pending) && pending.IsAnswerable(_time) ? pending : null;
        }
    }

    /// <summary>
    /// Installs a fresh challenge for <paramref name="slot"/>, never one spent before for it; if a concurrent request
    /// installed one meanwhile, that one is kept and returned (the one pending challenge per terminal and operator).
    /// </summary>
    private PendingUnlockChallenge InstallFresh((string Terminal, string Target) slot, AttemptCharge charge)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(slot, out PendingUnlockChallenge? raced) && raced.IsAnswerable(_time))
            {
                return raced;
            }

            // Forget what can no longer be answered or replayed (spent challenges stay in _spent).
            foreach (KeyValuePair<(string Terminal, string Target), PendingUnlockChallenge> entry in _pending.Where(e => e.Value.IsExpired(_time)).ToList())
            {
                _pending.Remove(entry.Key);
            }

            DateTimeOffset issuedAt = _time.GetUtcNow();
            var challenge = new OfflineUnlockChallenge(FreshDigits(slot), slot.Terminal, slot.Target, issuedAt, issuedAt + _options.UnlockChallengeLifetime);
            var pending = new PendingUnlockChallenge(challenge, _time.GetTimestamp(), _options.UnlockChallengeLifetime, charge);
            _pending[slot] = pending;
            return pending;
        }
    }

    /// <summary><paramref name="digits"/> uniformly random decimal digits (no modulo bias), as <see cref="OfflineUnlockChallenge.Issue"/> draws them.</summary>
    private static string RandomDigits(int digits) => RandomNumberGenerator.GetString("0123456789", digits);

    private string FreshDigits((string Terminal, string Target) slot)
    {
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            string digits = _challengeDigits(_options.UnlockChallengeDigits);
            if (!_spent.Contains((slot.Terminal, slot.Target, digits)))
            {
                return digits;
            }
        }

        throw new InvalidOperationException("The challenge source keeps repeating spent challenges; it is not random.");
    }

    private void Forget((string Terminal, string Target) slot, PendingUnlockChallenge pending)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(slot, out PendingUnlockChallenge? current) && ReferenceEquals(current, pending))
            {
                _pending.Remove(slot);
            }
        }
    }

    private async ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(
        string terminalId,
        string targetOperatorId,
        OperatorAccount? target,
        string response,
        PendingUnlockChallenge pending,
        byte[] key,
        CancellationToken cancellationToken)
    {
        (string, string) slot = (terminalId, targetOperatorId);
        string? named = target?.OperatorId;
        if (pending.IsUsed)
        {
            // Not a guess: the challenge is spent. Tell a replay apart from a stray answer, charge neither.
            RecoveryErrorKind code = OfflineUnlockCalculator.VerifyResponse(key, pending.Challenge, response)
                ? RecoveryErrorKind.UnlockResponseReplayed
                : RecoveryErrorKind.NoPendingUnlockChallenge;
            return await FailAuditedAsync(terminalId, named, code, cancellationToken).ConfigureAwait(false);
        }

        if (pending.IsExpired(_time))
        {
            Forget(slot, pending);
            return await FailAuditedAsync(terminalId, named, RecoveryErrorKind.UnlockChallengeExpired, cancellationToken).ConfigureAwait(false);
        }

        // The account as read at completion (it may have gone or changed since the challenge was issued); an
        // unknown operator is charged under an ordinary operator's rules.
        // Charge before checking, as the sign-in hot path does: a power cut after a wrong answer never gives a free try.
        AttemptCharge charge = await _lockout.TryChargeAsync(UnlockFlowSubject(terminalId, target?.Role ?? OperatorRole.Operator), cancellationToken).ConfigureAwait(false);
        if (!charge.IsAllowed)
        {
            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, named, "unlock_flow_locked", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<TemporaryPin>.Failed(RecoveryError.UnlockLocked(charge.Status.LockedUntil, charge.Status.State == LockoutState.LockedPermanently));
        }

        if (!OfflineUnlockCalculator.VerifyResponse(key, pending.Challenge, response))
        {
            LockoutStatus status = await _lockout.RegisterFailureAsync(charge, cancellationToken).ConfigureAwait(false);
            if (status.IsLocked)
            {
                // A locked flow needs a fresh challenge once it reopens.
                Forget(slot, pending);
            }

            await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, named, "wrong_unlock_response", cancellationToken).ConfigureAwait(false);
            return RecoveryResult<TemporaryPin>.Failed(RecoveryError.WrongResponse(status.RemainingAttempts, status.LockedUntil, status.State == LockoutState.LockedPermanently));
        }

        await _lockout.RegisterSuccessAsync(charge, cancellationToken).ConfigureAwait(false);
        if (!pending.TryConsume())
        {
            // Two concurrent completions with the same right answer: only the first one wins.
            return await FailAuditedAsync(terminalId, named, RecoveryErrorKind.UnlockResponseReplayed, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _spent.Add((terminalId, targetOperatorId, pending.Challenge.Challenge));
        }

        if (target is null)
        {
            // Only the back office could have computed this; there is nobody to unlock.
            return await FailAuditedAsync(terminalId, null, RecoveryErrorKind.UnknownOperator, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset expires = now + _options.OfflineUnlockPinLifetime;
        char[]? digits = await AccountUpdates.TrySetOneTimePinAsync(_operators, _hasher, _rules, target, terminalId, PinChangeReason.OfflineUnlock, now, expires, cancellationToken).ConfigureAwait(false);
        if (digits is null)
        {
            return await FailAuditedAsync(terminalId, named, RecoveryErrorKind.ConcurrentUpdate, cancellationToken).ConfigureAwait(false);
        }

        await _lockout.UnlockAsync(new LockoutSubject(terminalId, target.OperatorId, target.Role), LockoutActor.System, cancellationToken).ConfigureAwait(false);
        if (pending.IssueCharge.IsAllowed)
        {
            // A right answer refunds the issue budget, as a right PIN refunds the sign-in budget.
            await _lockout.RegisterSuccessAsync(pending.IssueCharge, cancellationToken).ConfigureAwait(false);
        }

        await _auditSinks.WriteAllAsync(
            new AuditEvent(AuditEventType.OfflineUnlockSucceeded, now, terminalId, targetOperatorId, LockoutActor.SystemActorId, "unlocked", "one_time_pin_expires=" + expires.ToString("O", CultureInfo.InvariantCulture)),
            cancellationToken).ConfigureAwait(false);
        return RecoveryResult<TemporaryPin>.Success(TemporaryPin.TakeOwnership(digits, target.OperatorId, expires));
    }

    private async ValueTask<RecoveryResult<TemporaryPin>> FailAuditedAsync(string terminalId, string? knownOperatorId, RecoveryErrorKind code, CancellationToken cancellationToken)
    {
        await AuditAsync(AuditEventType.OfflineUnlockFailed, terminalId, knownOperatorId, RecoveryError.CodeOf(code), cancellationToken).ConfigureAwait(false);
        return Fail(code);
    }

    /// <summary>Audits, naming the target only when it is a known operator (an unknown id may be a PIN typed into the wrong field).</summary>
    private ValueTask AuditAsync(AuditEventType type, string terminalId, string? knownOperatorId, string code, CancellationToken cancellationToken) =>
        _auditSinks.WriteAllAsync(new AuditEvent(type, _time.GetUtcNow(), terminalId, knownOperatorId, Code: code), cancellationToken);
}
