using Microsoft.Extensions.Options;

namespace PosAuth.Lockout;

/// <summary>
/// The default <see cref="ILockoutPolicy"/>: all policy lives here, all state in an <see cref="IAttemptStore"/>,
/// all time comes from a <see cref="TimeProvider"/>. Every state change is a compare-and-swap on the store
/// record, retried on conflict, so concurrent callers (threads or processes sharing a durable store) never
/// lose an increment and never let more than the limit through.
/// </summary>
/// <remarks>
/// <para><b>Counting.</b> A subject's consecutive failure count <c>n</c> grows by one per charged attempt and is
/// only reset by a success, an unlock, or <see cref="LockoutOptions.FailureResetWindow"/> of quiet time with no
/// lock holding. The failure that makes <c>n</c> reach <c>MaxFailures</c>, and in temporary modes every later
/// failure, applies a lock; its wait is <see cref="WaitGrowth"/>'s formula of <c>n</c>, capped at <c>MaxWait</c>.</para>
/// <para><b>Clock jumps.</b> Whether a lock has expired is decided by real time credited since the failure that
/// applied it, never by comparing wall-clock times. Within one process the credit comes from the monotonic
/// <see cref="TimeProvider.GetTimestamp"/>, so wall-clock jumps either way are ignored. Across a restart (or between
/// processes) it comes from the wall-clock difference since the record was last observed: a backward jump credits
/// nothing (the lock never gets shorter, and it ends after its real remaining duration), a forward jump is credited
/// up to <see cref="LockoutOptions.MaxForwardClockCredit"/> (zero by default: time spent switched off never counts, so
/// no sequence of clock settings and reboots ends a lock early; a lock survives a power-off). Progress measured in
/// process is written to the record when an observation finds more than a minute unrecorded, so a restart loses at
/// most that much. Permanent locks ignore time.</para>
/// </remarks>
public sealed class LockoutPolicy : ILockoutPolicy
{
    private const int MaxRetries = 10_000;

    /// <summary>
    /// How much in-process (monotonic) progress of a lock or a failure run may go unrecorded: an observation that finds
    /// more writes it down, so a restart (which credits no wall-clock time by default) loses at most this much.
    /// </summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMinutes(1);

    private readonly IAttemptStore _store;
    private readonly TimeProvider _time;
    private readonly ILockoutObserver[] _observers;
    private readonly LockoutOptions _options;
    private readonly RolePolicy[] _roles;
    private readonly TimeSpan? _maxForwardCredit;
    private readonly bool _throttleEnabled;
    private readonly int _throttleMax;
    private readonly TimeSpan _throttleWindow;
    private readonly TimeSpan _throttleWait;
    private readonly long _epoch;

    /// <summary>Creates the policy.</summary>
    /// <param name="store">Where attempt state lives.</param>
    /// <param name="options">The settings; validated here as well as at start-up.</param>
    /// <param name="timeProvider">The only source of time.</param>
    /// <param name="observers">Audit observers, notified in order; may be <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LockoutPolicy(IAttemptStore store, IOptions<LockoutOptions> options, TimeProvider timeProvider, IEnumerable<ILockoutObserver>? observers = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        LockoutOptions o = options.Value ?? throw new ArgumentException("Options value is null.", nameof(options));
        ValidateOptionsResult result = new LockoutOptionsValidator().Validate(Options.DefaultName, o);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LockoutOptions), [result.FailureMessage]);
        }

        _store = store;
        _time = timeProvider;
        _observers = observers?.ToArray() ?? [];
        _options = o;
        _roles = [RolePolicy.For(o, OperatorRole.Operator), RolePolicy.For(o, OperatorRole.Supervisor), RolePolicy.For(o, OperatorRole.Administrator)];
        _maxForwardCredit = o.MaxForwardClockCredit;
        _throttleEnabled = o.TerminalThrottle.Enabled;
        _throttleMax = o.TerminalThrottle.MaxFailures;
        _throttleWindow = o.TerminalThrottle.Window;
        _throttleWait = o.TerminalThrottle.Wait;
        long epoch;
        do
        {
            epoch = Random.Shared.NextInt64();
        }
        while (epoch == 0);
        _epoch = epoch;
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> GetStatusAsync(LockoutSubject subject, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        RolePolicy p = PolicyFor(subject.Role);
        DateTimeOffset now = _time.GetUtcNow();
        long ts = _time.GetTimestamp();
        AttemptRecord? r = await _store.GetAsync(subject.Key, cancellationToken).ConfigureAwait(false);
        View s = Evaluate(r, p.FailureResetWindow, now, ts);
        await ReanchorIfNeededAsync(r, s, now, ts, cancellationToken).ConfigureAwait(false);

        View t = default;
        if (_throttleEnabled && !s.IsLocked)
        {
            t = await ReadThrottleAsync(subject.TerminalId, now, ts, cancellationToken).ConfigureAwait(false);
        }

        return ComposeStatus(s, t, p, now);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With a store that completes synchronously (such as <see cref="InMemoryAttemptStore"/>) a rejected charge of a
    /// locked subject runs synchronously and allocates nothing.
    /// </remarks>
    public ValueTask<AttemptCharge> TryChargeAsync(LockoutSubject subject, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        RolePolicy p = PolicyFor(subject.Role);
        DateTimeOffset now = _time.GetUtcNow();
        long ts = _time.GetTimestamp();
        ValueTask<AttemptRecord?> read = _store.GetAsync(subject.Key, cancellationToken);
        if (!read.IsCompletedSuccessfully)
        {
            return ReadThenChargeAsync(subject, p, read, now, ts, cancellationToken);
        }

        AttemptRecord? r = read.Result;
        View s = Evaluate(r, p.FailureResetWindow, now, ts);
        if (s.IsLocked && !s.NeedsReanchor)
        {
            // Hot rejection path: no state machine, no allocation.
            return new ValueTask<AttemptCharge>(Rejected(subject, ComposeStatus(s, default, p, now)));
        }

        return ChargeAsync(subject, p, r, s, now, ts, cancellationToken);
    }

    private async ValueTask<AttemptCharge> ReadThenChargeAsync(LockoutSubject subject, RolePolicy p, ValueTask<AttemptRecord?> read, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        AttemptRecord? r = await read.ConfigureAwait(false);
        View s = Evaluate(r, p.FailureResetWindow, now, ts);
        return await ChargeAsync(subject, p, r, s, now, ts, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<AttemptCharge> ChargeAsync(LockoutSubject subject, RolePolicy p, AttemptRecord? r, View s, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        AttemptKey key = subject.Key;
        if (s.IsLocked)
        {
            return await RejectAsync(subject, r, s, p, now, ts, cancellationToken).ConfigureAwait(false);
        }

        // The terminal throttle is charged first: if it refuses, the subject is not charged at all.
        bool throttleCharged = false;
        bool throttleLockApplied = false;
        View t = default;
        if (_throttleEnabled)
        {
            (bool allowed, throttleLockApplied, t) = await ChargeThrottleAsync(subject.TerminalId, now, ts, cancellationToken).ConfigureAwait(false);
            if (!allowed)
            {
                return Rejected(subject, ComposeStatus(default, t, p, now));
            }

            throttleCharged = true;
        }

        for (int attempt = 0; attempt < MaxRetries; attempt++)
        {
            AttemptRecord charged = Charge(key, r, s, p, now, ts);
            if (await TrySaveAsync(r, charged, cancellationToken).ConfigureAwait(false))
            {
                View after = Evaluate(charged, p.FailureResetWindow, now, ts);
                return new AttemptCharge(subject, ComposeStatus(after, t, p, now), true, after.IsLocked, throttleCharged, throttleLockApplied);
            }

            // Lost a race: re-read and decide again from the fresh state.
            now = _time.GetUtcNow();
            ts = _time.GetTimestamp();
            r = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            s = Evaluate(r, p.FailureResetWindow, now, ts);
            if (s.IsLocked)
            {
                if (throttleCharged)
                {
                    await RefundThrottleAsync(subject.TerminalId, throttleLockApplied, cancellationToken).ConfigureAwait(false);
                }

                return await RejectAsync(subject, r, s, p, now, ts, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException("The attempt store kept reporting conflicts; the attempt was not charged.");
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken)
    {
        EnsureAllowed(charge);
        LockoutSubject subject = charge.Subject;
        AttemptKey key = subject.Key;
        await ClearAsync(key, cancellationToken).ConfigureAwait(false);
        if (charge.ThrottleCharged)
        {
            await RefundThrottleAsync(subject.TerminalId, charge.ThrottleLockApplied, cancellationToken).ConfigureAwait(false);
        }

        return await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken)
    {
        EnsureAllowed(charge);
        LockoutSubject subject = charge.Subject;
        LockoutStatus status = await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
        if (_observers.Length > 0)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (charge.SubjectLockApplied)
            {
                await NotifyAsync(
                    new LockoutEvent { Kind = LockoutEventKind.Locked, TerminalId = subject.TerminalId, OperatorId = subject.OperatorId, Role = subject.Role, Status = charge.Status, OccurredAt = now },
                    cancellationToken).ConfigureAwait(false);
            }

            if (charge.ThrottleLockApplied)
            {
                await NotifyAsync(
                    new LockoutEvent { Kind = LockoutEventKind.Throttled, TerminalId = subject.TerminalId, Status = charge.Status, OccurredAt = now },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return status;
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        if (string.IsNullOrEmpty(actor.ActorId))
        {
            throw new ArgumentException("The actor id must not be empty.", nameof(actor));
        }

        if (!actor.MayUnlock(subject.Role))
        {
            throw new LockoutUnlockDeniedException(actor, subject.Role);
        }

        LockoutStatus before = await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
        await ClearAsync(subject.Key, cancellationToken).ConfigureAwait(false);
        LockoutStatus after = await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
        if (before.State is LockoutState.LockedTemporarily or LockoutState.LockedPermanently)
        {
            await NotifyAsync(
                new LockoutEvent { Kind = LockoutEventKind.Unlocked, TerminalId = subject.TerminalId, OperatorId = subject.OperatorId, Role = subject.Role, Status = after, Actor = actor, OccurredAt = _time.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
        }

        return after;
    }

    /// <inheritdoc />
    public ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsSystem && actor.Role != OperatorRole.Administrator)
        {
            throw new LockoutUnlockDeniedException(actor, OperatorRole.Administrator);
        }

        return _store.DeleteAllAsync(cancellationToken);
    }

    private static void EnsureAllowed(AttemptCharge charge)
    {
        if (charge.Subject.TerminalId is null)
        {
            throw new ArgumentException("The charge was not produced by TryChargeAsync.", nameof(charge));
        }

        if (!charge.IsAllowed)
        {
            throw new InvalidOperationException("A rejected charge cannot be registered; the PIN must not be verified.");
        }
    }

    private RolePolicy PolicyFor(OperatorRole role) =>
        (uint)role < (uint)_roles.Length ? _roles[(int)role] : RolePolicy.For(_options, role);

    private async ValueTask<AttemptCharge> RejectAsync(LockoutSubject subject, AttemptRecord? r, View s, RolePolicy p, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        await ReanchorIfNeededAsync(r, s, now, ts, cancellationToken).ConfigureAwait(false);

        return Rejected(subject, ComposeStatus(s, default, p, now));
    }

    private static AttemptCharge Rejected(LockoutSubject subject, LockoutStatus status) => new(subject, status, false, false, false, false);

    private AttemptRecord Charge(AttemptKey key, AttemptRecord? r, View s, RolePolicy p, DateTimeOffset now, long ts)
    {
        int count = s.Count == int.MaxValue ? int.MaxValue : s.Count + 1;
        int temporary = s.TemporaryLockouts;
        bool permanent = false;
        TimeSpan duration = TimeSpan.Zero;
        LockReason reason = LockReason.None;
        if (count >= p.MaxFailures)
        {
            reason = LockReason.TooManyFailures;
            switch (p.Mode)
            {
                case LockoutMode.Permanent:
                    permanent = true;
                    break;
                case LockoutMode.PermanentAfterTemporary when temporary >= p.MaxTemporaryLockouts:
                    permanent = true;
                    reason = LockReason.PermanentAfterTemporaryLockouts;
                    break;
                default:
                    temporary = temporary == int.MaxValue ? int.MaxValue : temporary + 1;
                    duration = p.WaitFor(count);
                    break;
            }
        }

        return FailureRecord(key, r, count, duration, reason, now, ts, temporary, permanent);
    }

    /// <summary>The record after failure number <paramref name="count"/> (1 starts a new run), written at <paramref name="now"/>.</summary>
    private AttemptRecord FailureRecord(AttemptKey key, AttemptRecord? previous, int count, TimeSpan duration, LockReason reason, DateTimeOffset now, long ts, int temporaryLockouts = 0, bool permanent = false) => new()
    {
        Key = key,
        FailureCount = count,
        FirstFailureAt = count == 1 || previous?.FirstFailureAt is null ? now : previous.FirstFailureAt,
        LastFailureAt = now,
        LockStartedAt = reason == LockReason.None ? null : now,
        LockDuration = duration,
        LockedUntil = duration > TimeSpan.Zero ? AddSaturating(now, duration) : null,
        TemporaryLockoutCount = temporaryLockouts,
        IsPermanentlyLocked = permanent,
        LockReason = reason,
        LastSeenAt = now,
        LastSeenTimestamp = ts,
        ClockEpoch = _epoch,
        ElapsedSinceLastFailure = TimeSpan.Zero,
        Version = previous is null ? 0 : previous.Version + 1,
    };

    /// <summary>Inserts <paramref name="next"/> when there was no record, otherwise compare-and-swaps it over <paramref name="previous"/>.</summary>
    private ValueTask<bool> TrySaveAsync(AttemptRecord? previous, AttemptRecord next, CancellationToken cancellationToken) =>
        previous is null ? _store.TryInsertAsync(next, cancellationToken) : _store.TryUpdateAsync(next, previous.Version, cancellationToken);

    private async ValueTask<View> ReadThrottleAsync(string terminalId, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        AttemptRecord? tr = await _store.GetAsync(AttemptKey.ForTerminal(terminalId), cancellationToken).ConfigureAwait(false);
        View t = Evaluate(tr, _throttleWindow, now, ts);
        await ReanchorIfNeededAsync(tr, t, now, ts, cancellationToken).ConfigureAwait(false);
        return t;
    }

    private async ValueTask<(bool Allowed, bool LockApplied, View View)> ChargeThrottleAsync(string terminalId, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        AttemptKey key = AttemptKey.ForTerminal(terminalId);
        for (int attempt = 0; attempt < MaxRetries; attempt++)
        {
            AttemptRecord? tr = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            View t = Evaluate(tr, _throttleWindow, now, ts);
            if (t.IsLocked)
            {
                await ReanchorIfNeededAsync(tr, t, now, ts, cancellationToken).ConfigureAwait(false);
                return (false, false, t);
            }

            // After an expired throttle wait the terminal gets a fresh batch of MaxFailures.
            int count = (t.Count >= _throttleMax ? 0 : t.Count) + 1;
            bool lockNow = count >= _throttleMax;
            AttemptRecord charged = lockNow
                ? FailureRecord(key, tr, count, _throttleWait, LockReason.TerminalThrottle, now, ts)
                : FailureRecord(key, tr, count, TimeSpan.Zero, LockReason.None, now, ts);
            if (await TrySaveAsync(tr, charged, cancellationToken).ConfigureAwait(false))
            {
                return (true, lockNow, Evaluate(charged, _throttleWindow, now, ts));
            }

            now = _time.GetUtcNow();
            ts = _time.GetTimestamp();
        }

        throw new InvalidOperationException("The attempt store kept reporting conflicts; the attempt was not charged.");
    }

    private async ValueTask RefundThrottleAsync(string terminalId, bool liftLock, CancellationToken cancellationToken)
    {
        AttemptKey key = AttemptKey.ForTerminal(terminalId);
        for (int attempt = 0; attempt < MaxRetries; attempt++)
        {
            DateTimeOffset now = _time.GetUtcNow();
            long ts = _time.GetTimestamp();
            AttemptRecord? tr = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (tr is null || tr.FailureCount == 0)
            {
                return;
            }

            View t = Evaluate(tr, _throttleWindow, now, ts);
            bool lift = liftLock && t.IsLocked;
            AttemptRecord refunded = tr with
            {
                FailureCount = tr.FailureCount - 1,
                LockDuration = lift ? TimeSpan.Zero : tr.LockDuration,
                LockedUntil = lift ? null : tr.LockedUntil,
                LockStartedAt = lift ? null : tr.LockStartedAt,
                LockReason = lift ? LockReason.None : tr.LockReason,
                ElapsedSinceLastFailure = t.Elapsed,
                LastSeenAt = now,
                LastSeenTimestamp = ts,
                ClockEpoch = _epoch,
                Version = tr.Version + 1,
            };
            if (await _store.TryUpdateAsync(refunded, tr.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async ValueTask ClearAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        // A cleared record keeps its key and a growing version (never delete-and-reinsert: no ABA on versions).
        for (int attempt = 0; attempt < MaxRetries; attempt++)
        {
            AttemptRecord? r = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (r is null || (r.FailureCount == 0 && r.TemporaryLockoutCount == 0 && !r.IsPermanentlyLocked && r.LockDuration == TimeSpan.Zero))
            {
                return;
            }

            var cleared = new AttemptRecord
            {
                Key = key,
                LastSeenAt = _time.GetUtcNow(),
                LastSeenTimestamp = _time.GetTimestamp(),
                ClockEpoch = _epoch,
                Version = r.Version + 1,
            };
            if (await _store.TryUpdateAsync(cleared, r.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException("The attempt store kept reporting conflicts; the state was not cleared.");
    }

    private async ValueTask ReanchorIfNeededAsync(AttemptRecord? r, View v, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        if (!v.NeedsReanchor)
        {
            return;
        }

        // Best effort: if another writer won, its record carries its own, equally safe, accounting.
        // NeedsReanchor is only ever set for an existing record.
        AttemptRecord anchored = r! with
        {
            ElapsedSinceLastFailure = v.Elapsed,
            LastSeenAt = now,
            LastSeenTimestamp = ts,
            ClockEpoch = _epoch,
            Version = r.Version + 1,
        };
        _ = await _store.TryUpdateAsync(anchored, r.Version, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask NotifyAsync(LockoutEvent lockoutEvent, CancellationToken cancellationToken)
    {
        foreach (ILockoutObserver observer in _observers)
        {
            await observer.OnLockoutEventAsync(lockoutEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private View Evaluate(AttemptRecord? r, TimeSpan resetWindow, DateTimeOffset now, long ts)
    {
        if (r is null)
        {
            return default;
        }

        TimeSpan elapsed = ElapsedSinceLastFailure(r, now, ts, out bool fromWallClock);
        if (r.IsPermanentlyLocked)
        {
            return new View(r.FailureCount, r.TemporaryLockoutCount, true, TimeSpan.Zero, r.LockReason, elapsed, false);
        }

        // Record progress measured in this process now and then: after a restart only recorded time counts.
        bool record = fromWallClock || elapsed - r.ElapsedSinceLastFailure >= ProgressInterval;
        if (r.LockDuration > TimeSpan.Zero && elapsed < r.LockDuration)
        {
            return new View(r.FailureCount, r.TemporaryLockoutCount, false, r.LockDuration - elapsed, r.LockReason, elapsed, record);
        }

        if (elapsed >= resetWindow)
        {
            return new View(0, 0, false, TimeSpan.Zero, LockReason.None, elapsed, false);
        }

        return new View(r.FailureCount, r.TemporaryLockoutCount, false, TimeSpan.Zero, LockReason.None, elapsed, record && r.FailureCount > 0);
    }

    private TimeSpan ElapsedSinceLastFailure(AttemptRecord r, DateTimeOffset now, long ts, out bool fromWallClock)
    {
        TimeSpan credit;
        if (r.ClockEpoch == _epoch && ts >= r.LastSeenTimestamp)
        {
            // Same process, monotonic clock: immune to wall-clock jumps in either direction.
            credit = _time.GetElapsedTime(r.LastSeenTimestamp, ts);
            fromWallClock = false;
        }
        else
        {
            // Restart or another process: trust the wall clock forwards only (and only as far as policy allows).
            TimeSpan delta = now - r.LastSeenAt;
            credit = delta <= TimeSpan.Zero ? TimeSpan.Zero
                : _maxForwardCredit is { } cap && delta > cap ? cap
                : delta;
            fromWallClock = true;
        }

        TimeSpan baseElapsed = r.ElapsedSinceLastFailure < TimeSpan.Zero ? TimeSpan.Zero : r.ElapsedSinceLastFailure;
        return credit > TimeSpan.MaxValue - baseElapsed ? TimeSpan.MaxValue : baseElapsed + credit;
    }

    private LockoutStatus ComposeStatus(View s, View t, RolePolicy p, DateTimeOffset now)
    {
        if (s.Permanent)
        {
            return new LockoutStatus { State = LockoutState.LockedPermanently, Reason = s.Reason, FailureCount = s.Count };
        }

        if (s.Remaining > TimeSpan.Zero)
        {
            return new LockoutStatus { State = LockoutState.LockedTemporarily, Reason = s.Reason, FailureCount = s.Count, LockedUntil = AddSaturating(now, s.Remaining) };
        }

        if (t.Remaining > TimeSpan.Zero)
        {
            return new LockoutStatus { State = LockoutState.Throttled, Reason = LockReason.TerminalThrottle, FailureCount = s.Count, LockedUntil = AddSaturating(now, t.Remaining) };
        }

        int remaining = s.Count < p.MaxFailures ? p.MaxFailures - s.Count : 1;
        if (_throttleEnabled)
        {
            int throttleRemaining = t.Count < _throttleMax ? _throttleMax - t.Count : _throttleMax;
            remaining = Math.Min(remaining, throttleRemaining);
        }

        return new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = remaining, FailureCount = s.Count };
    }

    private static DateTimeOffset AddSaturating(DateTimeOffset now, TimeSpan delta) =>
        delta >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + delta;

    /// <summary>A record interpreted at one instant.</summary>
    private readonly record struct View(int Count, int TemporaryLockouts, bool Permanent, TimeSpan Remaining, LockReason Reason, TimeSpan Elapsed, bool NeedsReanchor)
    {
        public bool IsLocked => Permanent || Remaining > TimeSpan.Zero;
    }
}
