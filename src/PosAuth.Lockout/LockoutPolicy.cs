using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace PosAuth.Lockout;

/// <summary>
/// The default <see cref="ILockoutPolicy"/>: all policy lives here, all state in an <see cref="IAttemptStore"/>,
/// all time comes from a <see cref="TimeProvider"/>. Every state change is one atomic compare-and-swap batch on the
/// store (<see cref="IAttemptStore.TryWriteAsync"/>), retried on conflict by one rule, so concurrent callers (threads,
/// processes, lanes sharing a server) never lose an increment and never let more than the limit through.
/// </summary>
/// <remarks>
/// <para><b>Counting.</b> A subject's consecutive failure count <c>n</c> grows by one per charged attempt and is
/// only reset by a success, an unlock, or <see cref="LockoutOptions.FailureResetWindow"/> of quiet time with no
/// lock holding. The failure that makes <c>n</c> reach <c>MaxFailures</c>, and in temporary modes every later
/// failure, applies a lock; its wait is <see cref="WaitGrowth"/>'s formula of <c>n</c>, capped at <c>MaxWait</c>.</para>
/// <para><b>Scope.</b> With <see cref="LockoutScope.PerTerminal"/> (the default) an operator's budget is per lane; with
/// <see cref="LockoutScope.PerSite"/> it is one record for every lane of the site (over a shared store such as
/// PostgreSQL), so five wrong PINs spread over ten lanes lock the operator on all of them, and an unlock on one lane
/// lifts it everywhere. The terminal throttle is per terminal in both.</para>
/// <para><b>One write per charge.</b> Charging an attempt writes the subject's record and the terminal throttle's record
/// in one atomic batch: one transaction, one durable commit. A refund after a right PIN is one more batch.</para>
/// <para><b>Clock jumps.</b> Whether a lock has expired is decided by real time credited since the failure that
/// applied it, never by comparing wall-clock times. Within one process the credit comes from the monotonic
/// <see cref="TimeProvider.GetTimestamp"/>, so wall-clock jumps either way are ignored. Across a restart (or between
/// processes) it comes from the wall-clock difference since the record was last observed: a backward jump credits
/// nothing (the lock never gets shorter, and it ends after its real remaining duration), a forward jump is credited
/// up to <see cref="LockoutOptions.MaxForwardClockCredit"/> (zero by default: time spent switched off never counts, so
/// no sequence of clock settings and reboots ends a lock early; a lock survives a power-off). Progress measured in
/// process is written to the record when an observation finds more than a minute unrecorded, so a restart loses at
/// most that much. Permanent locks ignore time. When the time provider is an <see cref="ISharedTimeline"/> (lanes of a
/// site on one timeline, such as the database server's clock), its epoch replaces this policy's own, so elapsed time
/// measured by any lane on that timeline is credited by every other.</para>
/// </remarks>
public sealed class LockoutPolicy : ILockoutPolicy
{
    private readonly IAttemptStore _store;
    private readonly TimeProvider _time;
    private readonly ISharedTimeline? _timeline;
    private readonly LockoutOptions _options;
    private readonly RolePolicy[] _roles;
    private readonly TerminalThrottle _throttle;
    private readonly LockoutClockSettings _clock;
    private readonly LockoutScope _scope;
    private readonly AttemptView? _view;

    /// <summary>Creates the policy.</summary>
    /// <param name="store">Where attempt state lives.</param>
    /// <param name="options">The settings; validated here as well as at start-up.</param>
    /// <param name="timeProvider">The only source of time.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LockoutPolicy(IAttemptStore store, IOptions<LockoutOptions> options, TimeProvider timeProvider)
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
        _options = o;
        _roles = [RolePolicy.For(o, OperatorRole.Operator), RolePolicy.For(o, OperatorRole.Supervisor), RolePolicy.For(o, OperatorRole.Administrator)];
        _throttle = new TerminalThrottle(o.TerminalThrottle);
        _clock = new LockoutClockSettings(timeProvider, LockoutClockSettings.NewEpoch(), o.MaxForwardClockCredit);
        _timeline = timeProvider as ISharedTimeline;
        _scope = o.Scope;
        _view = store.ComparesExpectedRecords ? new AttemptView() : null;
    }

    /// <inheritdoc />
    public async ValueTask<LockoutStatus> GetStatusAsync(LockoutSubject subject, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        RolePolicy p = PolicyFor(subject.Role);
        LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
        AttemptRecord? r = await _store.GetAsync(KeyOf(subject), cancellationToken).ConfigureAwait(false);
        LockoutView s = LockoutClock.Evaluate(r, p.FailureResetWindow, clock, now, ts);
        await ReanchorIfNeededAsync(r, s, clock, now, ts, cancellationToken).ConfigureAwait(false);

        LockoutView t = default;
        if (_throttle.Enabled && !s.IsLocked)
        {
            AttemptRecord? tr = await _store.GetAsync(AttemptKey.ForTerminal(subject.TerminalId), cancellationToken).ConfigureAwait(false);
            t = _throttle.Evaluate(tr, clock, now, ts);
            await ReanchorIfNeededAsync(tr, t, clock, now, ts, cancellationToken).ConfigureAwait(false);
        }

        return ComposeStatus(s, t, p, now);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With a store that completes synchronously (such as <see cref="InMemoryAttemptStore"/>) a rejected charge of a
    /// locked subject runs synchronously and allocates nothing. With the terminal throttle enabled the subject's record and
    /// the throttle's are read together (<see cref="IAttemptStore.GetPairAsync"/>: one round trip on a store that reads
    /// both in one statement). An allowed charge is one atomic write of both records (one durable commit).
    /// </remarks>
    public ValueTask<AttemptCharge> TryChargeAsync(LockoutSubject subject, CancellationToken cancellationToken) =>
        LockoutActivities.Source.HasListeners() ? TracedChargeAsync(subject, cancellationToken) : ChargeFastAsync(subject, cancellationToken);

    private async ValueTask<AttemptCharge> TracedChargeAsync(LockoutSubject subject, CancellationToken cancellationToken)
    {
        using Activity? activity = LockoutActivities.Source.StartActivity(LockoutActivities.Charge);
        try
        {
            AttemptCharge charge = await ChargeFastAsync(subject, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(PosAuthDiagnostics.OutcomeTag, LockoutActivities.OutcomeOf(charge))
                .SetTag(PosAuthDiagnostics.TerminalTag, subject.TerminalId)
                .SetTag(PosAuthDiagnostics.RoleTag, subject.Role.ToCode());
            return charge;
        }
        catch (Exception ex)
        {
            LockoutActivities.Fail(activity, ex);
            throw;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly", Justification = "Each ValueTask read is consumed exactly once: its Result is read only after IsCompletedSuccessfully (and the local then replaced by a new ValueTask over that value), otherwise it is handed on unread to the async path, which awaits it once.")]
    private ValueTask<AttemptCharge> ChargeFastAsync(LockoutSubject subject, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        RolePolicy p = PolicyFor(subject.Role);
        LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
        if (_throttle.Enabled)
        {
            // The policy's last view of both records, when the store compares whole records: charge without reading
            // (one store call, one round trip). Never a rejection from the view: a lock it shows is read again.
            if (TryViewUnlocked(subject, p, clock, now, ts, out AttemptRecord? viewed, out _, out AttemptRecord? viewedThrottle, out _))
            {
                return ChargeAsync(subject, p, default, new((viewed, viewedThrottle)), fromView: true, cancellationToken);
            }

            // The subject and the terminal throttle in one read (one round trip on a store that overrides GetPairAsync).
            ValueTask<(AttemptRecord? First, AttemptRecord? Second)> pair = _store.GetPairAsync(KeyOf(subject), AttemptKey.ForTerminal(subject.TerminalId), cancellationToken);
            if (pair.IsCompletedSuccessfully)
            {
                (AttemptRecord? r, AttemptRecord? tr) = pair.Result;
                LockoutView s = LockoutClock.Evaluate(r, p.FailureResetWindow, clock, now, ts);
                if (s.IsLocked && !s.NeedsReanchor)
                {
                    // Hot rejection path: no state machine, no allocation.
                    return new ValueTask<AttemptCharge>(Rejected(subject, ComposeStatus(s, default, p, now)));
                }

                if (!s.IsLocked)
                {
                    // The same for a throttled terminal (guesses sprayed over many operator numbers).
                    LockoutView t = _throttle.Evaluate(tr, clock, now, ts);
                    if (t.IsLocked && !t.NeedsReanchor)
                    {
                        return new ValueTask<AttemptCharge>(Rejected(subject, ComposeStatus(default, t, p, now)));
                    }
                }

                // The read is consumed: hand its value on, never the ValueTask itself (it may not be awaited twice).
                pair = new((r, tr));
            }

            return ChargeAsync(subject, p, default, pair, fromView: false, cancellationToken);
        }

        ValueTask<AttemptRecord?> read = _store.GetAsync(KeyOf(subject), cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            AttemptRecord? r = read.Result;
            LockoutView s = LockoutClock.Evaluate(r, p.FailureResetWindow, clock, now, ts);
            if (s.IsLocked && !s.NeedsReanchor)
            {
                // Hot rejection path: no state machine, no allocation.
                return new ValueTask<AttemptCharge>(Rejected(subject, ComposeStatus(s, default, p, now)));
            }

            read = new ValueTask<AttemptRecord?>(r);
        }

        return ChargeAsync(subject, p, read, default, fromView: false, cancellationToken);
    }

    /// <summary>
    /// The charge loop. Its first try uses <paramref name="firstRead"/> (no throttle) or <paramref name="firstPairRead"/>
    /// (subject and throttle), whichever applies; the other is a default, never awaited. A retry reads again the same way.
    /// </summary>
    /// <paramref name="fromView"/>: the first pair is the policy's view, not a read (<see cref="AttemptView"/>). With a
    /// store that compares whole records every update carries the record it was computed from
    /// (<see cref="AttemptWrite.ExpectedRecord"/>), so a view or a read that is out of date is refused and read again.
    private async ValueTask<AttemptCharge> ChargeAsync(LockoutSubject subject, RolePolicy p, ValueTask<AttemptRecord?> firstRead, ValueTask<(AttemptRecord? First, AttemptRecord? Second)> firstPairRead, bool fromView, CancellationToken cancellationToken)
    {
        AttemptKey key = KeyOf(subject);
        AttemptKey throttleKey = AttemptKey.ForTerminal(subject.TerminalId);
        var cas = new AttemptCas("charge");
        while (true)
        {
            LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
            AttemptRecord? r;
            AttemptRecord? tr = null;
            if (_throttle.Enabled)
            {
                (r, tr) = cas.IsFirstTry
                    ? await firstPairRead.ConfigureAwait(false)
                    : await _store.GetPairAsync(key, throttleKey, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                r = cas.IsFirstTry ? await firstRead.ConfigureAwait(false) : await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            }

            LockoutView s = LockoutClock.Evaluate(r, p.FailureResetWindow, clock, now, ts);
            if (s.IsLocked)
            {
                await ReanchorIfNeededAsync(r, s, clock, now, ts, cancellationToken).ConfigureAwait(false);
                return Rejected(subject, ComposeStatus(s, default, p, now));
            }

            LockoutView t = default;
            if (_throttle.Enabled)
            {
                t = _throttle.Evaluate(tr, clock, now, ts);
                if (t.IsLocked)
                {
                    await ReanchorIfNeededAsync(tr, t, clock, now, ts, cancellationToken).ConfigureAwait(false);
                    return Rejected(subject, ComposeStatus(default, t, p, now));
                }
            }

            (AttemptWrite[] writes, LockoutChargePlan.ChargeState state) = ChargeOver(subject, r, s, tr, t, p, clock, now, ts);
            if (!await _store.TryWriteAsync(writes, cancellationToken).ConfigureAwait(false))
            {
                Forget(subject);

                // From the view or from a read, the retry reads.
                cas.Conflicted();
                continue;
            }

            return Charged(subject, writes, state);
        }
    }

    /// <summary>
    /// The policy's last view of the subject's record and, with the throttle on, the terminal's, when it holds them and
    /// neither shows a lock (the view never rejects: a lock it shows is read again). Only with a whole-record-comparing store.
    /// </summary>
    private bool TryViewUnlocked(LockoutSubject subject, RolePolicy p, LockoutClockSettings clock, DateTimeOffset now, long ts, out AttemptRecord? r, out LockoutView s, out AttemptRecord? tr, out LockoutView t)
    {
        tr = null;
        s = t = default;
        if (_view is null || !_view.TryGet(KeyOf(subject), out r))
        {
            r = null;
            return false;
        }

        s = LockoutClock.Evaluate(r, p.FailureResetWindow, clock, now, ts);
        if (s.IsLocked)
        {
            return false;
        }

        if (!_throttle.Enabled)
        {
            return true;
        }

        if (!_view.TryGet(AttemptKey.ForTerminal(subject.TerminalId), out tr))
        {
            tr = null;
            return false;
        }

        t = _throttle.Evaluate(tr, clock, now, ts);
        return !t.IsLocked;
    }

    /// <summary>
    /// The writes of a charge over records that show no lock, and what completing it needs: the subject's record, and the
    /// terminal throttle's in the same batch (if it refuses, nothing is charged).
    /// </summary>
    private (AttemptWrite[] Writes, LockoutChargePlan.ChargeState State) ChargeOver(LockoutSubject subject, AttemptRecord? r, LockoutView s, AttemptRecord? tr, LockoutView t, RolePolicy p, LockoutClockSettings clock, DateTimeOffset now, long ts)
    {
        AttemptRecord? throttled = null;
        bool throttleLockApplied = false;
        if (_throttle.Enabled)
        {
            throttled = _throttle.Charge(AttemptKey.ForTerminal(subject.TerminalId), tr, t, now, ts, clock.Epoch, out throttleLockApplied);
        }

        AttemptRecord charged = Charge(KeyOf(subject), r, s, p, now, ts, clock.Epoch);
        AttemptWrite subjectWrite = Expecting(AttemptRecords.WriteOver(r, charged), r);
        AttemptWrite[] writes = throttled is null ? [subjectWrite] : [subjectWrite, Expecting(AttemptRecords.WriteOver(tr, throttled), tr)];
        return (writes, new(p, clock, now, ts, throttled is not null, throttleLockApplied));
    }

    /// <summary>The allowed charge of writes that committed; the view remembers what they wrote.</summary>
    private AttemptCharge Charged(LockoutSubject subject, IReadOnlyList<AttemptWrite> writes, LockoutChargePlan.ChargeState c)
    {
        AttemptRecord storedSubject = writes[0].Normalized;
        AttemptRecord? storedThrottle = c.ThrottleCharged ? writes[1].Normalized : null;
        LockoutView after = LockoutClock.Evaluate(storedSubject, c.Policy.FailureResetWindow, c.Clock, c.Now, c.Timestamp);
        LockoutView throttleAfter = storedThrottle is null ? default : _throttle.Evaluate(storedThrottle, c.Clock, c.Now, c.Timestamp);
        var charge = new AttemptCharge(subject, ComposeStatus(after, throttleAfter, c.Policy, c.Now), true, after.IsLocked, c.ThrottleCharged, c.ThrottleLockApplied, storedSubject, storedThrottle);
        _view?.Remember(storedSubject);
        _view?.Remember(storedThrottle);
        return charge;
    }

    private void Forget(LockoutSubject subject)
    {
        if (_view is not null)
        {
            _view.Forget(KeyOf(subject));
            _view.Forget(AttemptKey.ForTerminal(subject.TerminalId));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A plan exists only when the store compares whole records (<see cref="IAttemptStore.ComparesExpectedRecords"/>), the
    /// policy's view holds the subject's record (and the terminal's, with the throttle on) and neither shows a lock: the
    /// writes then carry the records they were computed from, so a view that is out of date is refused by the store and
    /// nothing is charged. With tracing listeners attached there is no plan (the charge's activity comes from
    /// <see cref="TryChargeAsync"/>).
    /// </remarks>
    public LockoutChargePlan? PrepareCharge(LockoutSubject subject)
    {
        subject.Validate(nameof(subject));
        if (_view is null || LockoutActivities.Source.HasListeners())
        {
            return null;
        }

        RolePolicy p = PolicyFor(subject.Role);
        LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
        if (!TryViewUnlocked(subject, p, clock, now, ts, out AttemptRecord? r, out LockoutView s, out AttemptRecord? tr, out LockoutView t))
        {
            return null;
        }

        (AttemptWrite[] writes, LockoutChargePlan.ChargeState state) = ChargeOver(subject, r, s, tr, t, p, clock, now, ts);
        return new LockoutChargePlan(this, subject, _store, writes, state);
    }

    /// <inheritdoc />
    public AttemptCharge CompleteCharge(LockoutChargePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!ReferenceEquals(plan.Owner, this) || !plan.TryUse())
        {
            throw new ArgumentException("The plan was not prepared by this policy, or was already completed or abandoned.", nameof(plan));
        }

        return Charged(plan.Subject, plan.Writes, plan.State);
    }

    /// <inheritdoc />
    public void AbandonCharge(LockoutChargePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (ReferenceEquals(plan.Owner, this) && plan.TryUse())
        {
            Forget(plan.Subject);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One atomic write: the subject's failures are cleared and the terminal throttle gets this attempt's charge back
    /// (lifting the throttle if this very charge engaged it). The first try goes over the records the charge wrote, so
    /// it needs no read.
    /// </remarks>
    public async ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken)
    {
        EnsureAllowed(charge);
        LockoutSubject subject = charge.Subject;
        AttemptKey throttleKey = AttemptKey.ForTerminal(subject.TerminalId);
        var cas = new AttemptCas("refund");
        while (true)
        {
            AttemptRecord? r = cas.IsFirstTry ? charge.SubjectRecord : await _store.GetAsync(KeyOf(subject), cancellationToken).ConfigureAwait(false);
            AttemptRecord? tr = !charge.ThrottleCharged ? null
                : cas.IsFirstTry ? charge.ThrottleRecord
                : await _store.GetAsync(throttleKey, cancellationToken).ConfigureAwait(false);
            LockoutRefundPlan plan = PlanRefund(charge, r, tr);
            if (plan.Writes.Count == 0 || await _store.TryWriteAsync(plan.Writes, cancellationToken).ConfigureAwait(false))
            {
                RememberWritten(plan.Writes);
                return plan.Status;
            }

            Forget(subject);
            cas.Conflicted();
        }
    }

    /// <inheritdoc />
    /// <remarks>The plan goes over the records the charge wrote, so preparing it reads nothing.</remarks>
    public LockoutRefundPlan PrepareSuccess(AttemptCharge charge)
    {
        EnsureAllowed(charge);
        LockoutRefundPlan plan = PlanRefund(charge, charge.SubjectRecord, charge.ThrottleCharged ? charge.ThrottleRecord : null);

        // The caller commits the plan elsewhere (the sign-in store's outcome commit) and does not report back: remember
        // the refunded records now. Should that commit not happen, the next charge from the view is refused and reads.
        RememberWritten(plan.Writes);
        return plan;
    }

    private void RememberWritten(IReadOnlyList<AttemptWrite> writes)
    {
        if (_view is null)
        {
            return;
        }

        foreach (AttemptWrite w in writes)
        {
            _view.Remember(w.Normalized);
        }
    }

    /// <summary>With a store that compares whole records, an update expects the whole record it was computed from.</summary>
    private AttemptWrite Expecting(AttemptWrite write, AttemptRecord? from) =>
        _view is not null && write.ExpectedVersion is not null && from is not null ? write with { ExpectedRecord = from } : write;

    private LockoutRefundPlan PlanRefund(AttemptCharge charge, AttemptRecord? r, AttemptRecord? tr)
    {
        LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
        LockoutView t = _throttle.Evaluate(tr, clock, now, ts);
        AttemptRecord? cleared = AttemptRecords.Cleared(r, now, ts, clock.Epoch);
        AttemptRecord? refunded = charge.ThrottleCharged ? TerminalThrottle.Refund(tr, charge.ThrottleLockApplied, t, now, ts, clock.Epoch) : null;
        AttemptWrite[] writes = (cleared, refunded) switch
        {
            (null, null) => [],
            (not null, null) => [Expecting(AttemptWrite.Update(cleared, r!.Version), r)],
            (null, not null) => [Expecting(AttemptWrite.Update(refunded, tr!.Version), tr)],
            _ => [Expecting(AttemptWrite.Update(cleared, r!.Version), r), Expecting(AttemptWrite.Update(refunded, tr!.Version), tr)],
        };
        LockoutView throttleAfter = _throttle.Evaluate(refunded ?? tr, clock, now, ts);
        return new LockoutRefundPlan(_store, writes, ComposeStatus(default, throttleAfter, PolicyFor(charge.Subject.Role), now));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Writes nothing: the charge already counted the failure (and applied any lock; <see cref="AttemptCharge.AppliedLock"/>
    /// says so). The status is the one the charge computed for this failure, so concurrent wrong attempts each report
    /// their own count.
    /// </remarks>
    public ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken)
    {
        EnsureAllowed(charge);
        return new(charge.Status);
    }

    /// <inheritdoc />
    public async ValueTask<LockoutUnlockResult> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken)
    {
        subject.Validate(nameof(subject));
        if (string.IsNullOrEmpty(actor.ActorId))
        {
            throw new ArgumentException("The actor id must not be empty.", nameof(actor));
        }

        if (!actor.MayUnlock(subject.Role))
        {
            return LockoutUnlockResult.Failed(LockoutError.Create(LockoutErrorKind.InsufficientRole), await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false));
        }

        var cas = new AttemptCas("clear");
        while (true)
        {
            AttemptRecord? r = await _store.GetAsync(KeyOf(subject), cancellationToken).ConfigureAwait(false);
            LockoutClockSettings clock = Clock(out DateTimeOffset now, out long ts);
            AttemptRecord? cleared = AttemptRecords.Cleared(r, now, ts, clock.Epoch);
            if (cleared is null || await _store.TryWriteAsync([AttemptWrite.Update(cleared, r!.Version)], cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            cas.Conflicted();
        }

        return LockoutUnlockResult.Success(await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsSystem && actor.Role != OperatorRole.Administrator)
        {
            throw new ArgumentException("Only the administrator or the system resets every lockout (a factory reset the caller has authorised).", nameof(actor));
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

    /// <summary>
    /// Where the subject's failure budget lives: per (terminal, operator) with <see cref="LockoutScope.PerTerminal"/>, or one
    /// record per operator for every lane of the site with <see cref="LockoutScope.PerSite"/> (the throttle stays per terminal).
    /// </summary>
    private AttemptKey KeyOf(LockoutSubject subject) =>
        _scope == LockoutScope.PerSite ? AttemptKey.ForSite(subject.OperatorId) : subject.Key;

    private RolePolicy PolicyFor(OperatorRole role) =>
        (uint)role < (uint)_roles.Length ? _roles[(int)role] : RolePolicy.For(_options, role);

    private static AttemptCharge Rejected(LockoutSubject subject, LockoutStatus status) => new(subject, status, false, false, false, false);

    /// <summary>
    /// The clock of one step: the wall-clock time, a timestamp, and the epoch of that timestamp — this policy's own, or the
    /// shared timeline's when the time provider is an <see cref="ISharedTimeline"/> (read together with the timestamp).
    /// </summary>
    private LockoutClockSettings Clock(out DateTimeOffset now, out long ts)
    {
        now = _time.GetUtcNow();
        if (_timeline is null)
        {
            ts = _time.GetTimestamp();
            return _clock;
        }

        ts = _timeline.GetTimestamp(out long epoch);
        return epoch == 0
            ? throw new InvalidOperationException("The shared timeline returned the epoch 0, which ISharedTimeline forbids.")
            : _clock with { Epoch = epoch };
    }

    private static AttemptRecord Charge(AttemptKey key, AttemptRecord? r, in LockoutView s, RolePolicy p, DateTimeOffset now, long ts, long epoch)
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

        return AttemptRecords.Failure(key, r, count, duration, reason, now, ts, epoch, temporary, permanent);
    }

    private async ValueTask ReanchorIfNeededAsync(AttemptRecord? r, LockoutView v, LockoutClockSettings clock, DateTimeOffset now, long ts, CancellationToken cancellationToken)
    {
        if (!v.NeedsReanchor || r is null)
        {
            return;
        }

        // Best effort, not retried: if another writer won, its record carries its own, equally safe, accounting.
        _ = await _store.TryWriteAsync([AttemptWrite.Update(AttemptRecords.Reanchored(r, v, now, ts, clock.Epoch), r.Version)], cancellationToken).ConfigureAwait(false);
    }

    private LockoutStatus ComposeStatus(in LockoutView s, in LockoutView t, RolePolicy p, DateTimeOffset now)
    {
        if (s.Permanent)
        {
            return new LockoutStatus { State = LockoutState.LockedPermanently, Reason = s.Reason, FailureCount = s.Count };
        }

        if (s.Remaining > TimeSpan.Zero)
        {
            return new LockoutStatus { State = LockoutState.LockedTemporarily, Reason = s.Reason, FailureCount = s.Count, LockedUntil = LockoutClock.AddSaturating(now, s.Remaining) };
        }

        if (t.Remaining > TimeSpan.Zero)
        {
            return new LockoutStatus { State = LockoutState.Throttled, Reason = LockReason.TerminalThrottle, FailureCount = s.Count, LockedUntil = LockoutClock.AddSaturating(now, t.Remaining) };
        }

        int remaining = s.Count < p.MaxFailures ? p.MaxFailures - s.Count : 1;
        if (_throttle.Enabled)
        {
            remaining = Math.Min(remaining, _throttle.Remaining(t));
        }

        return new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = remaining, FailureCount = s.Count };
    }
}
