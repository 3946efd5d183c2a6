using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.BackOffice;
using PosAuth.Storage;
using Xunit.Abstractions;

namespace PosAuth.Sync.Tests.Fleet;

/// <summary>
/// Lost acknowledgements on a real TCP path: lanes talk to the back office through <see cref="FaultProxy"/>, which hands
/// every request to the back office, waits for its whole answer (so it has committed), then resets or closes the lane's
/// connection, or cuts the answer in half, at a seeded random rate. The lanes retry as they do in production; every
/// charge, refund, pushed PIN change and audit record must be counted exactly once.
/// </summary>
public sealed class LostAnswerTests(ITestOutputHelper output)
{
    private const string Site = "S1";
    private const int LaneCount = 12;
    private const int SharedOperators = 8;
    private const int GuessesPerLane = 30;

    [Theory]
    [InlineData(14_001)]
    [InlineData(14_002)]
    public async Task LostAnswers_ManyLanesConcurrently_EveryChargeRefundPinChangeAndAuditRecord_CountedOnce(int seed)
    {
        // Limit 100 (the most the lockout options allow) so that 360 guesses over 8 operators never reach a lock: the
        // central count must then equal the guesses made, exactly. The per-terminal throttle is raised out of the way.
        await using FleetHarness fleet = await FleetHarness.StartAsync(siteMaxFailures: 100, o => o.SiteLockout.TerminalThrottle.MaxFailures = 1000);
        await using FaultProxy proxy = FaultProxy.Start(fleet.BaseAddress);
        IReadOnlyList<LaneRegistration> regs = await fleet.CreateSiteAsync(Site, LaneCount);
        string[] shared = [.. Enumerable.Range(1, SharedOperators).Select(i => (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string id in shared)
        {
            pins[id] = await fleet.CreateOperatorAsync(Site, id);
        }

        string[] own = [.. Enumerable.Range(1, LaneCount).Select(i => (2000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))];
        foreach (string id in own)
        {
            pins[id] = await fleet.CreateOperatorAsync(Site, id);
        }

        FleetLane[] lanes = [.. regs.Select(r => fleet.AddLane(r, proxy.Address))];
        foreach (FleetLane lane in lanes)
        {
            await lane.Agent.SyncOnceAsync();
        }

        // From here on, three in ten answers to every write the lanes make are lost after the back office committed.
        proxy.Decide = FaultProxy.ByRate(seed, 0.3, "charges", "refunds", "pin-changes", "audit");

        // 1. Charges: 12 lanes at once, 30 wrong guesses each, at operators shared by every lane.
        var guesses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new ConcurrentBag<AuthenticationOutcome>();
        await Task.WhenAll(lanes.Select((lane, i) => Task.Run(async () =>
        {
            var random = new Random(seed * 100 + i);
            for (int g = 0; g < GuessesPerLane; g++)
            {
                string id = shared[random.Next(shared.Length)];
                guesses.AddOrUpdate(id, 1, (_, n) => n + 1);
                outcomes.Add(await lane.SignInAsync(id, WrongPin(pins[id])));
            }
        })));

        // A guess is a wrong PIN, or (both answers to its charge lost) StoreUnavailable: the charge still reached the
        // back office once, so it still counts (the attacker gains nothing from cutting the wire).
        Assert.All(outcomes, o => Assert.True(o is AuthenticationOutcome.WrongPin or AuthenticationOutcome.StoreUnavailable, o.ToString()));
        foreach (string id in shared)
        {
            Assert.Equal(guesses.GetValueOrDefault(id), await fleet.CentralFailuresAsync(Site, id));
        }

        int charges = LaneCount * GuessesPerLane;
        int chargeAnswers = proxy.Answered.GetValueOrDefault("charges");
        int lostCharges = proxy.Lost.GetValueOrDefault("charges");
        output.WriteLine($"seed {seed}: {charges} guesses, {chargeAnswers} charge requests answered by the back office, {lostCharges} answers lost, {outcomes.Count(o => o == AuthenticationOutcome.StoreUnavailable)} guesses with both answers lost");
        Assert.True(lostCharges >= charges / 5, $"only {lostCharges} charge answers were lost");
        Assert.Equal(charges + lostCharges - outcomes.Count(o => o == AuthenticationOutcome.StoreUnavailable), chargeAnswers);

        // 2. Refunds and pushed PIN changes: on each lane its own cashier makes 3 wrong guesses, signs in with the
        // temporary PIN (the refund clears the central count, even when its answer is lost), changes the PIN, and the
        // change is pushed (retried while answers are lost) and reaches the next lane.
        // (A minute passes first: the lane tells its own PIN change from the back office's by the time it was set.)
        fleet.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(lanes.Select((lane, i) => Task.Run(async () =>
        {
            string id = own[i];
            for (int g = 0; g < 3; g++)
            {
                await lane.SignInAsync(id, WrongPin(pins[id]));
            }

            Assert.Equal(3, await fleet.CentralFailuresAsync(Site, id));
            int unanswered = 0;
            AuthenticationOutcome signedIn;
            while ((signedIn = await lane.SignInAsync(id, pins[id])) == AuthenticationOutcome.StoreUnavailable && unanswered < 50)
            {
                unanswered++;
            }

            Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, signedIn);

            // The right PIN's refund clears the count. What lost answers may leave is bounded by what the back office saw
            // and the lane could not settle: an attempt whose both charge answers were lost stays counted (fail closed:
            // the cashier loses that try, the attacker never gains one), and so does the success itself when its refund
            // is lost, until the next right PIN clears it. Never more than that.
            Assert.InRange(await fleet.CentralFailuresAsync(Site, id), 0, 3 + unanswered + 1);

            long epoch = (await fleet.OperatorAsync(Site, id)).CredentialEpoch;
            string next = "4829" + (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await UntilChangedAsync(lane, id, pins[id], next);
            await lane.SyncUntilAnsweredAsync();
            await lane.SyncUntilAnsweredAsync();

            // Applied once: one new credential epoch, not a conflict with itself after a lost answer.
            OperatorInfo after = await fleet.OperatorAsync(Site, id);
            Assert.Equal(epoch + 1, after.CredentialEpoch);
            Assert.False(after.MustChangePin);

            // (Whether the lane then wrongly tells the cashier the change was lost is LostPinChangeAnswer_… below.)
            pins[id] = next;
        })));
        Assert.True(proxy.Lost.GetValueOrDefault("refunds") > 0, "no refund answer was lost");
        Assert.True(proxy.Lost.GetValueOrDefault("pin-changes") > 0, "no PIN change answer was lost");

        for (int i = 0; i < LaneCount; i++)
        {
            FleetLane other = lanes[(i + 1) % LaneCount];
            await other.SyncUntilAnsweredAsync();
            Assert.Equal(AuthenticationOutcome.Succeeded, await UntilAnsweredAsync(() => other.SignInAsync(own[i], pins[own[i]])));
        }

        // 3. Audit: every lane's whole trail is held once at the back office, acknowledged through its last record.
        foreach (FleetLane lane in lanes)
        {
            SyncReport report = await lane.SyncUntilAnsweredAsync();
            IReadOnlyList<AuditRecord> local = await lane.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 100_000);
            (long rows, long distinct) = fleet.LaneAuditRows(lane.TerminalId);
            Assert.Equal(local.Count, rows);
            Assert.Equal(rows, distinct);
            Assert.Equal(local[^1].Sequence, report.AuditAcknowledgedThrough);
        }

        Assert.True(proxy.Lost.GetValueOrDefault("audit") > 0, "no audit answer was lost");
        output.WriteLine("lost answers by endpoint: " + string.Join(", ", proxy.Lost.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}/{proxy.Answered.GetValueOrDefault(p.Key)}")));
    }

    [Fact]
    public async Task Proxy_ResetsAfterTheBackOfficeAnswered_SoTheLaneSeesNoAnswer_ButTheChargeIsCounted()
    {
        // The proxy itself: a charge whose every answer is lost is StoreUnavailable on the lane, yet counted once at the
        // back office (both tries carry one request id), for each kind of loss.
        await using FleetHarness fleet = await FleetHarness.StartAsync(siteMaxFailures: 5);
        await using FaultProxy proxy = FaultProxy.Start(fleet.BaseAddress);
        IReadOnlyList<LaneRegistration> regs = await fleet.CreateSiteAsync(Site, 1);
        string pin = await fleet.CreateOperatorAsync(Site, "1001");
        FleetLane lane = fleet.AddLane(regs[0], proxy.Address);
        await lane.Agent.SyncOnceAsync();

        Fault[] kinds = [Fault.ResetBeforeAnswer, Fault.CutMidAnswer, Fault.CloseBeforeAnswer];
        for (int k = 0; k < kinds.Length; k++)
        {
            Fault kind = kinds[k];
            proxy.Decide = r => r.Endpoint == "charges" ? kind : Fault.None;
            Assert.Equal(AuthenticationOutcome.StoreUnavailable, await lane.SignInAsync("1001", WrongPin(pin)));
            Assert.Equal(k + 1, await fleet.CentralFailuresAsync(Site, "1001"));
        }

        string[] ids = [.. proxy.Seen.Where(r => r.Endpoint == "charges").Select(r => RequestId(r.BodyText))];
        Assert.Equal(6, ids.Length);
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(6, proxy.Lost["charges"]);
    }

    [Fact]
    public async Task LostPinChangeAnswer_TheLanesOwnChangeComingBackFromTheDirectory_IsNotAConflict()
    {
        // The back office accepts a PIN change pushed by the lane, but its answer is lost. The next exchange first pulls
        // the directory, where the operator now has a newer credential epoch — with the lane's OWN hash. That is the
        // lane's change acknowledged, not a back-office reset: the cashier must not be told to use a temporary PIN, and
        // no conflict may be audited.
        await using FleetHarness fleet = await FleetHarness.StartAsync(siteMaxFailures: 5);
        await using FaultProxy proxy = FaultProxy.Start(fleet.BaseAddress);
        IReadOnlyList<LaneRegistration> regs = await fleet.CreateSiteAsync(Site, 1);
        string pin = await fleet.CreateOperatorAsync(Site, "1001");
        FleetLane lane = fleet.AddLane(regs[0], proxy.Address);
        await lane.Agent.SyncOnceAsync();
        fleet.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await lane.Recovery.ChangePinAsync(lane.TerminalId, "1001", pin.AsMemory(), "482916".AsMemory())).Succeeded);

        int lost = 0;
        proxy.Decide = r => r.Endpoint == "pin-changes" && Interlocked.Increment(ref lost) == 1 ? Fault.ResetBeforeAnswer : Fault.None;
        await Assert.ThrowsAnyAsync<StoreUnavailableException>(() => lane.Agent.SyncOnceAsync());
        Assert.Equal(2, (await fleet.OperatorAsync(Site, "1001")).CredentialEpoch);

        await lane.Agent.SyncOnceAsync();

        Assert.Equal(2, (await fleet.OperatorAsync(Site, "1001")).CredentialEpoch);
        Assert.Equal(AuthenticationOutcome.Succeeded, await lane.SignInAsync("1001", "482916"));
        IReadOnlyList<AuditRecord> laneAudit = await lane.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 1000);
        Assert.DoesNotContain(laneAudit, r => r.Event.Code == "pin_change_conflict_lost");
        Assert.Null(await lane.Agent.GetNoticeAsync("1001"));
    }

    private static string RequestId(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("requestId").GetString()!;

    private static async Task<AuthenticationOutcome> UntilAnsweredAsync(Func<Task<AuthenticationOutcome>> signIn)
    {
        for (int i = 0; ; i++)
        {
            AuthenticationOutcome o = await signIn();
            if (o != AuthenticationOutcome.StoreUnavailable || i == 50)
            {
                return o;
            }
        }
    }

    private static async Task UntilChangedAsync(FleetLane lane, string id, string current, string next)
    {
        var tries = new List<string>();
        for (int i = 0; i < 50; i++)
        {
            RecoveryResult r;
            try
            {
                r = await lane.Recovery.ChangePinAsync(lane.TerminalId, id, current.AsMemory(), next.AsMemory());
            }
            catch (StoreUnavailableException e)
            {
                // Both answers to a charge lost: again (unless the change was written on the lane before the loss).
                tries.Add("threw " + e.GetType().Name);
                if ((await lane.Services.GetRequiredService<IOperatorStore>().FindAsync(id))!.MustChangePin == false)
                {
                    return;
                }

                continue;
            }

            if (r.Error?.AuthenticationOutcome == AuthenticationOutcome.StoreUnavailable)
            {
                tries.Add("store_unavailable");
                continue; // The current PIN's charge lost both answers: again.
            }

            Assert.True(r.Succeeded, r.Error + " after " + string.Join("; ", tries));
            return;
        }

        Assert.Fail("the PIN change never got an answer");
    }

    private static string WrongPin(string pin) => pin[..^1] + (char)('0' + ((pin[^1] - '0' + 1) % 10));
}
