using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// Lanes of one site are different processes sharing one store (<see cref="LockoutScope.PerSite"/>). On an
/// <see cref="ISharedTimeline"/> (the lanes' time taken from the server they share) a lock progresses whichever lane
/// observes it, a lane whose own clock is wrong cannot shorten it, and rejections stop rewriting the record.
/// </summary>
public sealed class LockoutPolicySharedTimelineTests
{
    private const long SiteEpoch = 0x5EED_0001;
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    // Real time: every lane's monotonic counter and the shared timeline move with it.
    private readonly ManualTimeProvider _real = new();
    private readonly CountingStore _store = new();
    private TimeSpan _timelineStep;

    private LockoutPolicy Lane(LaneClock clock, bool unlimitedForwardCredit = false) => new(
        _store,
        MsOptions.Create(new LockoutOptions
        {
            Scope = LockoutScope.PerSite,
            MaxFailures = 5,
            WaitIncrement = Wait,
            MaxWait = TimeSpan.FromHours(1),
            MaxForwardClockCredit = unlimitedForwardCredit ? null : TimeSpan.Zero,
            TerminalThrottle = { Enabled = false },
        }),
        clock);

    private LaneClock Clock(int process, TimeSpan wallError = default, TimeSpan timelineError = default, long epoch = SiteEpoch) =>
        new(_real, () => _timelineStep, process, wallError, timelineError, epoch);

    private static LockoutSubject On(int lane) => new($"LANE{lane:00}", "01", OperatorRole.Operator);

    private static async Task LockAsync(LockoutPolicy lane, LockoutSubject subject)
    {
        for (int i = 0; i < 5; i++)
        {
            AttemptCharge charge = await lane.TryChargeAsync(subject, default);
            Assert.True(charge.IsAllowed);
            await lane.RegisterFailureAsync(charge, default);
        }
    }

    private static TimeSpan Remaining(LockoutStatus status, LaneClock clock) => status.LockedUntil!.Value - clock.GetUtcNow();

    [Fact]
    public async Task PerSite_LockObservedInTurnByTwoLanes_EndsAfterItsRealDuration()
    {
        LaneClock clockA = Clock(1), clockB = Clock(2);
        LockoutPolicy a = Lane(clockA), b = Lane(clockB);
        await LockAsync(a, On(1));

        for (int minute = 1; minute <= 4; minute++)
        {
            _real.Advance(TimeSpan.FromMinutes(1));
            (LockoutPolicy lane, LaneClock clock, int n) = minute % 2 == 1 ? (b, clockB, 2) : (a, clockA, 1);
            LockoutStatus status = await lane.GetStatusAsync(On(n), default);
            Assert.Equal(LockoutState.LockedTemporarily, status.State);
            Assert.Equal(Wait - TimeSpan.FromMinutes(minute), Remaining(status, clock));
        }

        _real.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LockoutState.Allowed, (await b.GetStatusAsync(On(2), default)).State);
        Assert.True((await a.TryChargeAsync(On(1), default)).IsAllowed);
    }

    [Fact]
    public async Task PerSite_RejectionsOnEveryLane_WriteTheRecordAtMostOncePerMinuteOfProgress()
    {
        LockoutPolicy[] lanes = [Lane(Clock(1)), Lane(Clock(2)), Lane(Clock(3))];
        await LockAsync(lanes[0], On(0));
        int writesAfterLock = _store.Writes;

        // Three minutes of guesses on every lane, one every 5 s: 36 rejections, none verified.
        for (int i = 0; i < 36; i++)
        {
            _real.Advance(TimeSpan.FromSeconds(5));
            Assert.False((await lanes[i % 3].TryChargeAsync(On(i % 3), default)).IsAllowed);
        }

        int writes = _store.Writes - writesAfterLock;
        Assert.True(writes <= 3, $"36 rejections over 3 minutes rewrote the record {writes} times (at most once per minute of progress)");
        LockoutStatus status = await lanes[1].GetStatusAsync(On(1), default);
        Assert.Equal(Wait - TimeSpan.FromMinutes(3), status.LockedUntil!.Value - _real.GetUtcNow());
    }

    [Fact]
    public async Task PerSite_LanesWithTheirWallClockWrong_CannotShortenALock_EvenWithUnlimitedForwardCredit()
    {
        // Unlimited forward credit: without a shared timeline, a lane whose wall clock reads a day ahead would credit
        // that day to a record another lane wrote, and the lock would vanish.
        LaneClock clockA = Clock(1), ahead = Clock(2, wallError: TimeSpan.FromDays(1)), behind = Clock(3, wallError: -TimeSpan.FromDays(365));
        LockoutPolicy a = Lane(clockA, unlimitedForwardCredit: true), b = Lane(ahead, unlimitedForwardCredit: true), c = Lane(behind, unlimitedForwardCredit: true);
        await LockAsync(a, On(1));

        Assert.False((await b.TryChargeAsync(On(2), default)).IsAllowed);
        Assert.Equal(Wait, Remaining(await b.GetStatusAsync(On(2), default), ahead));
        Assert.Equal(Wait, Remaining(await c.GetStatusAsync(On(3), default), behind));

        _real.Advance(Wait - TimeSpan.FromSeconds(1));
        Assert.False((await b.TryChargeAsync(On(2), default)).IsAllowed);
        Assert.False((await c.TryChargeAsync(On(3), default)).IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(1), Remaining(await b.GetStatusAsync(On(2), default), ahead));

        _real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LockoutState.Allowed, (await c.GetStatusAsync(On(3), default)).State);
        Assert.True((await b.TryChargeAsync(On(2), default)).IsAllowed);
    }

    [Fact]
    public async Task SharedTimeline_ReadByALaneSlightlyBehindTheWriter_CreditsNothingAndWritesNothing()
    {
        // Lane B's estimate of the shared timeline is 20 ms behind lane A's (the sampling round trip).
        LaneClock clockB = Clock(2, timelineError: -TimeSpan.FromMilliseconds(20));
        LockoutPolicy a = Lane(Clock(1)), b = Lane(clockB);
        await LockAsync(a, On(1));
        int writes = _store.Writes;

        Assert.False((await b.TryChargeAsync(On(2), default)).IsAllowed);
        Assert.Equal(Wait, Remaining(await b.GetStatusAsync(On(2), default), clockB));
        Assert.Equal(writes, _store.Writes);

        _real.Advance(TimeSpan.FromMinutes(2));
        TimeSpan remaining = Remaining(await b.GetStatusAsync(On(2), default), clockB);
        Assert.InRange(remaining, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(20));
        Assert.Equal(writes + 1, _store.Writes); // the two minutes of progress are written down once (README: at most a minute unrecorded)
    }

    [Fact]
    public async Task SharedTimeline_SetBackFarBehindARecord_ReanchorsAndTheLockEndsAfterItsRemainingDuration()
    {
        LaneClock clockB = Clock(2);
        LockoutPolicy a = Lane(Clock(1)), b = Lane(clockB);
        await LockAsync(a, On(1));
        _real.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Wait - TimeSpan.FromMinutes(1), Remaining(await b.GetStatusAsync(On(2), default), clockB));

        // The server's clock is set back an hour: the time not yet recorded is not credited (never shorter), and the
        // lock does not stall for the hour either.
        _timelineStep = -TimeSpan.FromHours(1);
        _real.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Wait - TimeSpan.FromMinutes(1), Remaining(await b.GetStatusAsync(On(2), default), clockB));
        _real.Advance(Wait - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        Assert.True((await a.GetStatusAsync(On(1), default)).IsLocked);
        _real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LockoutState.Allowed, (await a.GetStatusAsync(On(1), default)).State);
    }

    [Fact]
    public async Task SharedTimeline_LanesOnAnotherEpoch_FallBackToTheCrossProcessRule()
    {
        // A lane not yet synchronised with the site's timeline has an epoch of its own: its records get the safe
        // cross-process treatment (no forward credit by default), never a comparison of unrelated timestamps.
        LaneClock unsynchronised = Clock(2, epoch: 0x0DD);
        LockoutPolicy a = Lane(Clock(1)), b = Lane(unsynchronised);
        await LockAsync(b, On(2));
        _real.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(Wait, (await a.GetStatusAsync(On(1), default)).LockedUntil!.Value - _real.GetUtcNow());
    }

    [Fact]
    public async Task SharedTimeline_ThatReturnsEpochZero_IsRefused()
    {
        LockoutPolicy lane = Lane(Clock(1, epoch: 0));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await lane.TryChargeAsync(On(1), default));
    }

    /// <summary>
    /// One lane's time: its own wall clock (possibly wrong), its own monotonic counter (another process: another
    /// origin), and its reading of the site's shared timeline (real time, possibly a little off, possibly stepped).
    /// </summary>
    private sealed class LaneClock(ManualTimeProvider real, Func<TimeSpan> timelineStep, int process, TimeSpan wallError, TimeSpan timelineError, long epoch)
        : TimeProvider, ISharedTimeline
    {
        public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + wallError;

        public override long TimestampFrequency => real.TimestampFrequency;

        public override long GetTimestamp() => real.GetTimestamp() + (process * 7_777_777_777L);

        public long GetTimestamp(out long timelineEpoch)
        {
            timelineEpoch = epoch;
            return real.GetTimestamp() + (timelineStep() + timelineError).Ticks;
        }
    }

    /// <summary>The site's shared store, counting the batches it applied.</summary>
    private sealed class CountingStore : IAttemptStore
    {
        private readonly InMemoryAttemptStore _inner = new();
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

        public async ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            bool applied = await _inner.TryWriteAsync(writes, cancellationToken);
            if (applied)
            {
                Interlocked.Increment(ref _writes);
            }

            return applied;
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => _inner.DeleteAllAsync(cancellationToken);
    }
}
