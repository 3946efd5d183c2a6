using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.BackOffice;
using PosAuth.Storage;
using PosAuth.Sync.Tests.TestSupport;
using PosAuth.Testing;
using Xunit.Abstractions;

namespace PosAuth.Sync.Tests.Chain;

/// <summary>Lanes and their back office over the loopback network: the replica, the central budget, credential epochs, conflicts.</summary>
public sealed class LaneSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task InitialSync_ReplicatesTheSitesOperators_HashRoleFlagsAndEpoch()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> lanes, _) = await chain.CreateSiteAsync("S1", lanes: 1);
        await chain.CreateSiteAsync("S2", lanes: 1, operatorId: "2002");
        Lane lane = chain.AddLane(lanes[0]);

        SyncReport report = await lane.Agent.SyncOnceAsync();

        Assert.Equal(1, report.OperatorsApplied);
        OperatorAccount op = Assert.Single(await lane.Operators.ListAsync());
        Assert.Equal("1001", op.OperatorId);
        Assert.Equal(OperatorRole.Operator, op.Role);
        Assert.True(op.MustChangePin);
        Assert.StartsWith("$pbkdf2-sha512$", op.PinHash, StringComparison.Ordinal);
        Assert.True(report.Cursor > 0);

        // The operator of the other site never reaches this lane.
        Assert.Null(await lane.Operators.FindAsync("2002"));
    }

    [Fact]
    public async Task OnlineSignIn_WrongPin_IsOneRoundTrip_RightPin_ChargeThenRefund()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> lanes, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(lanes[0]);
        await lane.Agent.SyncOnceAsync();
        chain.Requests.Clear();

        Assert.Equal(AuthenticationOutcome.WrongPin, await lane.SignInAsync("1001", WrongPin(pin)));
        Assert.Equal(1, chain.RequestCount("charges"));
        Assert.Equal(0, chain.RequestCount("refunds"));
        Assert.Equal(1, chain.Requests.Values.Sum());

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", pin));
        Assert.Equal(2, chain.RequestCount("charges"));
        Assert.Equal(1, chain.RequestCount("refunds"));
    }

    [Fact]
    public async Task WrongPins_SpreadOverThreeLanes_ShareOneSiteBudget_Exactly()
    {
        // PerSite, limit 5, exact while connected: 2 + 2 + 1 wrong guesses on three lanes lock the cashier on every lane.
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(siteMaxFailures: 5);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 3);
        Lane[] lanes = [.. regs.Select(r => chain.AddLane(r))];
        foreach (Lane l in lanes)
        {
            await l.Agent.SyncOnceAsync();
        }

        int[] guesses = [2, 2, 1];
        var outcomes = new List<AuthenticationOutcome>();
        for (int i = 0; i < lanes.Length; i++)
        {
            for (int g = 0; g < guesses[i]; g++)
            {
                outcomes.Add(await lanes[i].SignInAsync("1001", WrongPin(pin)));
            }
        }

        Assert.Equal(5, outcomes.Count(o => o is AuthenticationOutcome.WrongPin or AuthenticationOutcome.LockedOut));
        Assert.Equal(5, chain.RequestCount("charges"));

        // The right PIN is now refused on every lane, without a KDF verification granting anything.
        foreach (Lane l in lanes)
        {
            Assert.Equal(AuthenticationOutcome.LockedOut, await l.SignInAsync("1001", pin));
        }
    }

    [Fact]
    public async Task ConcurrentWrongPins_OnManyLanes_NeverExceedTheBudget()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(siteMaxFailures: 5);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 4);
        Lane[] lanes = [.. regs.Select(r => chain.AddLane(r))];
        foreach (Lane l in lanes)
        {
            await l.Agent.SyncOnceAsync();
        }

        // 4 lanes × 4 concurrent wrong guesses: the back office admits at most 5 verifications.
        AuthenticationOutcome[] outcomes = await Task.WhenAll(lanes.SelectMany(l => Enumerable.Range(0, 4).Select(_ => l.SignInAsync("1001", WrongPin(pin)))));
        Assert.True(outcomes.Count(o => o == AuthenticationOutcome.WrongPin) <= 5, string.Join(",", outcomes));
        Assert.Equal(AuthenticationOutcome.LockedOut, await lanes[0].SignInAsync("1001", pin));
    }

    [Fact]
    public async Task Reset_ReachesEveryOnlineLane_OldPinRefused_TemporaryAccepted_P99Within2s()
    {
        // Each trial costs every lane one wrong PIN on a frozen clock: the per-terminal throttle (20) is raised so the
        // 20 trials measure propagation, not the throttle.
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(configure: o => o.SiteLockout.TerminalThrottle.MaxFailures = 1000);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 3);
        Lane[] lanes = [.. regs.Select(r => chain.AddLane(r))];
        foreach (Lane l in lanes)
        {
            await l.Agent.SyncOnceAsync();
            l.Start();
        }

        const int trials = 20;
        var latencies = new List<double>();
        string current = pin;
        for (int t = 0; t < trials; t++)
        {
            Task[] arrived = [.. lanes.Select(l => AppliedAsync(l, "1001"))];
            var watch = Stopwatch.StartNew();
            string issued = await chain.ResetAsync("S1", "1001");
            await Task.WhenAll(arrived).WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(watch.Elapsed.TotalMilliseconds);

            // Every lane refuses the replaced PIN (one try each: 3 failures, under the site's limit of 5).
            foreach (Lane l in lanes)
            {
                Assert.Equal(AuthenticationOutcome.WrongPin, await l.SignInAsync("1001", current));
            }

            // The last lane signs the cashier in with the temporary PIN (clearing the failures the old PIN cost).
            Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lanes[t % lanes.Length].SignInAsync("1001", issued));
            current = issued;
        }

        latencies.Sort();
        double p50 = latencies[latencies.Count / 2];
        double p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        output.WriteLine($"reset → {lanes.Length} lanes applied: p50 {p50:F1} ms, p99 {p99:F1} ms over {trials} trials");
        Assert.True(p99 <= 2000, $"p99 {p99} ms");
    }

    [Fact]
    public async Task Disable_ReachesTheLane_SignInIsRefusedAsDisabled()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        lane.Start();
        Task arrived = AppliedAsync(lane, "1001");
        Assert.True((await chain.Management.SetOperatorDisabledAsync(chain.Admin, "S1", "1001", disabled: true)).Succeeded);
        await arrived.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AuthenticationOutcome.Disabled, await lane.SignInAsync("1001", pin));
    }

    [Fact]
    public async Task LaneThatHasNotSyncedTheReset_NeverAcceptsTheOldPin()
    {
        // The agent is not running: the lane's replica still holds the old hash. The charge answer carries the newer
        // credential epoch, so the lane does not verify against the replaced credential.
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        string issued = await chain.ResetAsync("S1", "1001");

        AuthenticationOutcome stale = await lane.SignInAsync("1001", pin);
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, stale);

        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.WrongPin, await lane.SignInAsync("1001", pin));
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", issued));
    }

    [Fact]
    public async Task PinChangeOnLane_IsPushed_AndReachesTheOtherLane()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 2);
        Lane a = chain.AddLane(regs[0]);
        Lane b = chain.AddLane(regs[1]);
        await a.Agent.SyncOnceAsync();
        await b.Agent.SyncOnceAsync();

        chain.Time.Advance(TimeSpan.FromMinutes(1));
        RecoveryResult changed = await a.Recovery.ChangePinAsync(a.TerminalId, "1001", pin.AsMemory(), "482916".AsMemory());
        Assert.True(changed.Succeeded, changed.ToString());
        SyncReport pushed = await a.Agent.SyncOnceAsync();
        Assert.Equal(1, pushed.PinChangesPushed);
        Assert.Equal(0, pushed.Conflicts);

        await b.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.Succeeded, await b.SignInAsync("1001", "482916"));
        Assert.Equal(AuthenticationOutcome.WrongPin, await b.SignInAsync("1001", pin));
    }

    [Fact]
    public async Task PinChangeOnLane_RacingABackOfficeReset_Loses_IsAuditedAsConflict_AndTheCashierIsTold()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();

        // The cashier changes the PIN on the lane; before the lane pushes it, head office resets the PIN.
        chain.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await lane.Recovery.ChangePinAsync(lane.TerminalId, "1001", pin.AsMemory(), "482916".AsMemory())).Succeeded);
        string issued = await chain.ResetAsync("S1", "1001");

        SyncReport report = await lane.Agent.SyncOnceAsync();
        Assert.Equal(0, report.PinChangesPushed);

        // The back office's credential won on the lane.
        Assert.Equal(AuthenticationOutcome.WrongPin, await lane.SignInAsync("1001", "482916"));
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", issued));

        // The cashier is told, the lane audited the conflict and pushed it.
        OperatorNotice? notice = await lane.Agent.GetNoticeAsync("1001");
        Assert.Equal(OperatorNotice.PinChangeLost, notice?.Code);
        IReadOnlyList<AuditRecord> laneAudit = await lane.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 1000);
        Assert.Contains(laneAudit, r => r.Event.Code == "pin_change_conflict_lost" && r.Event.OperatorId == "1001");
    }

    [Fact]
    public async Task PinChangeOnLane_PushedAfterAResetTheLaneHasNotSeen_IsAConflictAtTheBackOffice()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        chain.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await lane.Recovery.ChangePinAsync(lane.TerminalId, "1001", pin.AsMemory(), "482916".AsMemory())).Succeeded);
        string issued = await chain.ResetAsync("S1", "1001");

        // Push without pulling first: the back office refuses the change made over the old epoch.
        var agent = (Agent.BackOfficeSyncAgent)lane.Services.GetRequiredService<IBackOfficeSyncAgent>();
        (int pushed, int conflicts) = await agent.PushPinChangesAsync(CancellationToken.None);
        Assert.Equal(0, pushed);
        Assert.Equal(1, conflicts);

        BackOfficeResult<IReadOnlyList<BackOfficeAuditEntry>> audit = await chain.Management.ReadAuditAsync(chain.Admin, "S1", 0, 1000);
        Assert.Contains(audit.Value!, e => e.Type == BackOfficeAuditEventType.OperatorPinChangeConflict && e.OperatorId == "1001" && e.TerminalId == lane.TerminalId);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", issued));
        Assert.Equal(OperatorNotice.PinChangeLost, (await lane.Agent.GetNoticeAsync("1001"))?.Code);
    }

    [Fact]
    public async Task BackOfficeDown_SignInFailsClosed_NeitherSuccessNorAGuess()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        await chain.StopBackOfficeAsync();

        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync("1001", pin));
        Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync("1001", WrongPin(pin)));
        await Assert.ThrowsAnyAsync<StoreUnavailableException>(() => lane.Agent.SyncOnceAsync());
        Assert.False(lane.Agent.IsConnected);

        await chain.RestartBackOfficeAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", pin));
    }

    [Fact]
    public async Task LaneClockADayWrong_IsCorrectedFromTheSignedRefusal_AndSignsIn()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        var laneClock = new ManualTimeProvider(chain.Time.GetUtcNow().AddDays(-1));
        Lane lane = chain.AddLane(regs[0], laneClock);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", pin));
    }

    [Fact]
    public async Task LaneAudit_IsPushed_AndAcknowledgedThroughTheLastRecord_Idempotently()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync();
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.WrongPin, await lane.SignInAsync("1001", WrongPin(pin)));
        IReadOnlyList<AuditRecord> local = await lane.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 1000);
        Assert.NotEmpty(local);

        SyncReport report = await lane.Agent.SyncOnceAsync();
        Assert.Equal(local[^1].Sequence, report.AuditAcknowledgedThrough);
        Assert.Equal(report.AuditAcknowledgedThrough, (await lane.Agent.SyncOnceAsync()).AuditAcknowledgedThrough);
    }

    [Fact]
    public async Task LostChargeAnswer_IsAskedAgainWithTheSameRequestId_AndChargedOnce()
    {
        await using TestSupport.Chain chain = await TestSupport.Chain.StartAsync(siteMaxFailures: 5);
        (IReadOnlyList<LaneRegistration> regs, string pin) = await chain.CreateSiteAsync("S1", lanes: 1);
        Lane lane = chain.AddLane(regs[0]);
        await lane.Agent.SyncOnceAsync();
        chain.Requests.Clear();

        // Each of the first four wrong guesses loses its first answer after the back office committed the charge.
        for (int i = 0; i < 4; i++)
        {
            chain.DropChargeAnswers(1);
            Assert.Equal(AuthenticationOutcome.WrongPin, await lane.SignInAsync("1001", WrongPin(pin)));
        }

        Assert.Equal(8, chain.RequestCount("charges"));

        // Counted once each: four failures, so the budget of five still admits the right PIN.
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, await lane.SignInAsync("1001", pin));
    }

    [Fact]
    public void SyncPackage_DoesNotReferenceAspNetCore()
    {
        string[] references = [.. typeof(LaneCredentials).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("PosAuth", references);
    }

    [Fact]
    public void LaneCredentials_ToString_HidesTheKey()
    {
        byte[] key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        var credentials = new LaneCredentials("T1", "S1", key);
        Assert.DoesNotContain(Convert.ToBase64String(key), credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(key), credentials.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static string WrongPin(string pin) => pin[..^1] + (char)('0' + ((pin[^1] - '0' + 1) % 10));

    private static Task AppliedAsync(Lane lane, string operatorId)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<DirectoryAppliedEventArgs>? handler = null;
        handler = (_, e) =>
        {
            if (e.OperatorIds.Contains(operatorId))
            {
                lane.Agent.DirectoryApplied -= handler;
                seen.TrySetResult();
            }
        };
        lane.Agent.DirectoryApplied += handler;
        return seen.Task;
    }
}
