using PosAuth.BackOffice;
using PosAuth.Sync.Tests.TestSupport;
using PosAuth.Testing;

namespace PosAuth.Sync.Tests.Chain;

/// <summary>
/// Attempt leases end to end (a back office on Kestrel at 127.0.0.1, lanes over loopback): offline sign-in within the
/// lease, the lease's expiry on the lane's monotonic clock, restarts, credential epochs, recalls and reports.
/// </summary>
public sealed class LeaseTests
{
    private const string Operator = "1001";

    [Fact]
    public async Task Offline_WithALeaseOfOne_RightPinSignsInAgainAndAgain_OneWrongPinLocksThatLane()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin)); // online: the lease comes in the answer
        await chain.StopBackOfficeAsync();

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));
        }

        AuthenticationOutcome wrong = await lane.SignInAsync(Operator, WrongPin(pin));
        Assert.True(wrong is AuthenticationOutcome.LockedOut or AuthenticationOutcome.WrongPin, wrong.ToString());
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, pin));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, WrongPin(pin)));
    }

    [Fact]
    public async Task TerminalStatus_ShowsTheLeaseALaneEarnedByARightPin()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 2);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(new TerminalLeases(0, 0, 0), (await chain.Management.ListTerminalStatusAsync(chain.Admin, "S1")).Value!.Single(t => t.Terminal.TerminalId == regs[0].TerminalId).Leases);

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));

        IReadOnlyList<TerminalStatus> status = (await chain.Management.ListTerminalStatusAsync(chain.Admin, "S1")).Value!;
        Assert.Equal(new TerminalLeases(1, 1, 0), status.Single(t => t.Terminal.TerminalId == regs[0].TerminalId).Leases);
        Assert.Equal(new TerminalLeases(0, 0, 0), status.Single(t => t.Terminal.TerminalId == regs[1].TerminalId).Leases);
    }

    [Fact]
    public async Task Offline_WithoutALease_FailsClosed()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        await chain.StopBackOfficeAsync();

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, pin));
    }

    [Fact]
    public async Task Reconnect_TheOfflineFailureIsCountedCentrallyOnce_RepeatedSyncsAddNothing()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(siteMaxFailures: 5);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 2);
        Lane lane = chain.AddLane(regs[0]);
        Lane other = chain.AddLane(regs[1]);
        await lane.Agent.SyncOnceAsync();
        await other.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));
        await chain.StopBackOfficeAsync();
        Assert.NotEqual(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, WrongPin(pin)));

        await chain.RestartBackOfficeAsync();
        await lane.Agent.SyncOnceAsync();
        await lane.Agent.SyncOnceAsync();
        await lane.Agent.SyncOnceAsync();

        // One offline failure is counted: the other lane's wrong PIN online is the second of five.
        AuthenticationResult r = await other.Authenticator.AuthenticateAsync(other.TerminalId, Operator, WrongPin(pin).AsMemory());
        Assert.Equal(AuthenticationOutcome.WrongPin, r.Outcome);
        Assert.Equal(3, r.RemainingAttempts);
    }

    [Fact]
    public async Task Lease_ExpiresByTheLanesMonotonicClock_ASetBackWallClockDoesNotExtendIt()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(configure: o => o.LeaseLifetime = TimeSpan.FromMinutes(10));
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        var laneTime = new ManualTimeProvider(chain.Time.GetUtcNow());
        Lane lane = chain.AddLane(regs[0], laneTime);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));
        await chain.StopBackOfficeAsync();

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));

        // Ten real minutes with the wall clock set back by as much: by the wall clock no time has passed, by the
        // monotonic clock the lease's ten minutes have. (The restart test shows a lease still good at eight minutes.)
        laneTime.Advance(TimeSpan.FromMinutes(10));
        laneTime.JumpWallClock(-TimeSpan.FromMinutes(10));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, pin));
    }

    [Fact]
    public async Task RestartOffline_DoesNotExtendTheLease_NorRefillAUsedOne_AndARebootVoidsIt()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(configure: o => o.LeaseLifetime = TimeSpan.FromMinutes(10));
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 2);
        var laneTime = new ManualTimeProvider(chain.Time.GetUtcNow());
        Lane a = chain.AddLane(regs[0], laneTime);
        Lane b = chain.AddLane(regs[1], laneTime);
        await a.Agent.SyncOnceAsync();
        await b.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await a.SignInAsync(Operator, pin));
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await b.SignInAsync(Operator, pin));
        await chain.StopBackOfficeAsync();

        // Lane a uses its lease up, lane b keeps its own; both restart (same boot, same files) 8 minutes into a 10-minute lease.
        Assert.NotEqual(AuthenticationOutcome.StoreUnavailable, await a.SignInAsync(Operator, WrongPin(pin)));
        laneTime.Advance(TimeSpan.FromMinutes(8));
        laneTime.JumpWallClock(-TimeSpan.FromMinutes(8));
        await a.DisposeAsync();
        await b.DisposeAsync();
        Lane a2 = chain.AddLane(regs[0], laneTime);
        Lane b2 = chain.AddLane(regs[1], laneTime);
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await a2.SignInAsync(Operator, pin));
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await b2.SignInAsync(Operator, pin));

        // The restart did not restart the term: ten minutes after the grant it is over.
        laneTime.Advance(TimeSpan.FromMinutes(2));
        laneTime.JumpWallClock(-TimeSpan.FromMinutes(2));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await b2.SignInAsync(Operator, pin));
        await b2.DisposeAsync();

        // A reboot (another monotonic timeline) voids a lease at once.
        Lane c = chain.AddLane(regs[1], new ManualTimeProvider(chain.Time.GetUtcNow()));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await c.SignInAsync(Operator, pin));
    }

    [Fact]
    public async Task AResetVoidsTheOldEpochsLease_OnceTheLaneHasSyncedIt()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync(Operator, pin));
        string temporary = await chain.ResetAsync("S1", Operator);
        await lane.Agent.SyncOnceAsync();
        await chain.StopBackOfficeAsync();

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, temporary));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync(Operator, pin));
    }

    [Fact]
    public async Task LeasesHeldByConnectedLanes_AreRecalled_SoARightPinOnAnotherLaneIsNotStarved()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(siteMaxFailures: 2);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 3);
        Lane[] lanes = [chain.AddLane(regs[0]), chain.AddLane(regs[1]), chain.AddLane(regs[2])];
        foreach (Lane l in lanes)
        {
            await l.Agent.SyncOnceAsync();
        }

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lanes[0].SignInAsync(Operator, pin));
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lanes[1].SignInAsync(Operator, pin));

        // Two leases hold the whole budget of 2: the third lane's charge is answered "try again" and the leases are recalled.
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lanes[2].SignInAsync(Operator, pin));
        await lanes[0].Agent.SyncOnceAsync();
        await lanes[1].Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lanes[2].SignInAsync(Operator, pin));
    }

    private static string WrongPin(string pin) => pin[..^1] + (char)('0' + ((pin[^1] - '0' + 1) % 10));
}
