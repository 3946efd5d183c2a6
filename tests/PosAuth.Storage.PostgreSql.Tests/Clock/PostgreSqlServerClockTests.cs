using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Storage.PostgreSql.Tests.Clock;

/// <summary>
/// Lanes of a site on the server's clock: a lock two lanes with wrong wall clocks observe in turn progresses with real
/// time and ends on time (no lane's clock shortens or stalls it); on their own clocks it never progresses (zero credit
/// across processes, the safe rule the shared clock exists to lift). On a real server: every lane of a database reads
/// one epoch, another database another.
/// </summary>
public sealed class PostgreSqlServerClockTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    /// <summary>The server: its clock is real time; one epoch for the database.</summary>
    private sealed class FakeServer(ManualTimeProvider real, long epoch) : IServerTimeSource
    {
        public int Samples { get; private set; }

        public ValueTask<(DateTimeOffset ServerTime, long Epoch)> SampleAsync(CancellationToken cancellationToken) => new(Sample());

        public (DateTimeOffset ServerTime, long Epoch) Sample()
        {
            Samples++;
            return (real.GetUtcNow(), epoch);
        }
    }

    /// <summary>A lane's own clock: monotonic with real time, its wall clock off by <paramref name="wallError"/>.</summary>
    private sealed class LaneLocalClock(ManualTimeProvider real, TimeSpan wallError) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + wallError;

        public override long TimestampFrequency => real.TimestampFrequency;

        public override long GetTimestamp() => real.GetTimestamp();
    }

    private readonly ManualTimeProvider _real = new();
    private readonly InMemoryAttemptStore _store = new();

    private LockoutPolicy Lane(TimeProvider clock, bool unlimitedForwardCredit = true) => new(
        _store,
        MsOptions.Create(new LockoutOptions
        {
            Scope = LockoutScope.PerSite,
            MaxFailures = 5,
            WaitIncrement = Wait,
            MaxWait = TimeSpan.FromHours(1),
            MaxForwardClockCredit = unlimitedForwardCredit ? null : TimeSpan.Zero, // unlimited: the strongest temptation for a lane with its clock ahead
            TerminalThrottle = { Enabled = false },
        }),
        clock);

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

    private async Task<PostgreSqlServerClock> ServerClockAsync(FakeServer server, TimeSpan wallError)
    {
        var clock = new PostgreSqlServerClock(null, ownsContext: false, new LaneLocalClock(_real, wallError), server, TimeSpan.FromMinutes(1));
        await clock.SynchronizeAsync();
        return clock;
    }

    [Fact]
    public async Task LanesWithWrongClocks_OnTheServerClock_ObservingInTurn_LockEndsAfterItsRealDuration()
    {
        var server = new FakeServer(_real, epoch: 0x5EED_0002);
        await using PostgreSqlServerClock ahead = await ServerClockAsync(server, TimeSpan.FromDays(1));
        await using PostgreSqlServerClock behind = await ServerClockAsync(server, -TimeSpan.FromDays(365));
        LockoutPolicy a = Lane(ahead), b = Lane(behind);
        await LockAsync(a, On(1));

        Assert.Equal(Wait, (await b.GetStatusAsync(On(2), default)).LockedUntil!.Value - _real.GetUtcNow());
        for (int minute = 1; minute <= 4; minute++)
        {
            _real.Advance(TimeSpan.FromMinutes(1));
            (LockoutPolicy lane, int n) = minute % 2 == 1 ? (b, 2) : (a, 1);
            Assert.False((await lane.TryChargeAsync(On(n), default)).IsAllowed);
            LockoutStatus status = await lane.GetStatusAsync(On(n), default);
            Assert.Equal(LockoutState.LockedTemporarily, status.State);
            Assert.Equal(Wait - TimeSpan.FromMinutes(minute), status.LockedUntil!.Value - _real.GetUtcNow());
        }

        _real.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        Assert.False((await b.TryChargeAsync(On(2), default)).IsAllowed);
        _real.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await b.TryChargeAsync(On(2), default)).IsAllowed);
    }

    [Fact]
    public async Task LanesWithWrongClocks_OnTheirOwnClocks_AlternatingNeverProgressALock_NorShortenIt()
    {
        // The failure mode the server clock removes: each lane is another process, so it credits nothing of what the
        // other measured, and a lock observed in turn stays at its full length. (Safe, but an operator waits forever.)
        // Default forward credit (none): with more, the lanes' wrong wall clocks would be credited instead.
        var aheadLocal = new LaneLocalClock(_real, TimeSpan.FromDays(1));
        var behindLocal = new LaneLocalClock(_real, -TimeSpan.FromDays(365));
        LockoutPolicy a = Lane(aheadLocal, unlimitedForwardCredit: false), b = Lane(behindLocal, unlimitedForwardCredit: false);
        await LockAsync(a, On(1));

        for (int minute = 1; minute <= 10; minute++)
        {
            _real.Advance(TimeSpan.FromMinutes(1));
            (LockoutPolicy lane, TimeProvider clock, int n) = minute % 2 == 1 ? (b, (TimeProvider)behindLocal, 2) : (a, aheadLocal, 1);
            Assert.False((await lane.TryChargeAsync(On(n), default)).IsAllowed);
            LockoutStatus status = await lane.GetStatusAsync(On(n), default);
            Assert.Equal(Wait, status.LockedUntil!.Value - clock.GetUtcNow());
        }
    }

    [Fact]
    public async Task BeforeItsFirstSample_TheClockIsLocal_WithAnEpochNoOtherLaneShares()
    {
        var server = new FakeServer(_real, epoch: 0x5EED_0003);
        await using var unsynchronized = new PostgreSqlServerClock(null, ownsContext: false, new LaneLocalClock(_real, TimeSpan.FromHours(2)), new FailingSource(), TimeSpan.FromMinutes(1));
        await using PostgreSqlServerClock synchronized = await ServerClockAsync(server, TimeSpan.FromHours(2));

        _ = unsynchronized.GetTimestamp(out long localEpoch);
        _ = synchronized.GetTimestamp(out long sharedEpoch);

        Assert.False(unsynchronized.IsSynchronized);
        Assert.True(synchronized.IsSynchronized);
        Assert.Equal(0x5EED_0003, sharedEpoch);
        Assert.NotEqual(sharedEpoch, localEpoch);
        Assert.Equal(_real.GetUtcNow(), synchronized.GetUtcNow());
        Assert.Equal(_real.GetUtcNow() + TimeSpan.FromHours(2), unsynchronized.GetUtcNow());
    }

    [Fact]
    public async Task RealServer_EveryLaneOfADatabaseReadsOneEpoch_AnotherSchemaAnother()
    {
        PostgreSqlStoreOptions one = await PostgresTestServer.OptionsAsync();
        PostgreSqlStoreOptions sameDatabaseOtherSite = await PostgresTestServer.OptionsAsync();
        PostgreSqlStoreOptions otherSchema = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());

        // The schema (and its clock row) exists once a store has used it.
        await using (var migrate = new PostgreSqlAttemptStore(otherSchema))
        {
            _ = await migrate.GetAsync(new AttemptKey("T1", "01"), default);
        }

        await using (var migrate = new PostgreSqlAttemptStore(one))
        {
            _ = await migrate.GetAsync(new AttemptKey("T1", "01"), default);
        }

        await using var a = new PostgreSqlServerClock(one);
        await using var b = new PostgreSqlServerClock(sameDatabaseOtherSite);
        await using var c = new PostgreSqlServerClock(otherSchema);
        foreach (PostgreSqlServerClock clock in new[] { a, b, c })
        {
            await clock.SynchronizeAsync();
            Assert.True(clock.IsSynchronized);
        }

        _ = a.GetTimestamp(out long epochA);
        _ = b.GetTimestamp(out long epochB);
        _ = c.GetTimestamp(out long epochC);
        Assert.Equal(epochA, epochB);
        Assert.NotEqual(epochA, epochC);
        Assert.InRange(a.SynchronizationError, TimeSpan.Zero, PostgreSqlServerClock.MaxSampleRoundTrip);
    }

    private sealed class FailingSource : IServerTimeSource
    {
        public ValueTask<(DateTimeOffset ServerTime, long Epoch)> SampleAsync(CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("test: server away");

        public (DateTimeOffset ServerTime, long Epoch) Sample() => throw new StoreUnavailableException("test: server away");
    }
}
