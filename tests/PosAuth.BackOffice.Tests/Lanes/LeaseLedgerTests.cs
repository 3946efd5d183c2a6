using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;
using PosAuth.Testing;

namespace PosAuth.BackOffice.Tests.Lanes;

/// <summary>
/// The back office's half of attempt leases on the wire (signed requests by hand): the invariant
/// <c>failures + Σ leases ≤ MaxFailures</c> under concurrency at two instances, reports that are repeated, reordered or
/// whose answer is lost, and reclaim after expiry that a wall-clock jump cannot hasten.
/// </summary>
public sealed class LeaseLedgerTests
{
    [Fact]
    public async Task Reports_Repeated_Reordered_OrAnsweredTwice_CountEachOfflineFailureOnce()
    {
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync();
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, "S1", lanes: 1);
        LaneRegistration lane = site.Lanes[0];
        LeaseGrant lease = await LeaseAfterRightPinAsync(host, lane, site.OperatorId);
        Assert.Equal(0, await FailuresAsync(host, site));

        LeaseReportAck first = await ReportAsync(host, lane, lease.LeaseId, failed: 1, released: false);
        LeaseReportAck repeated = await ReportAsync(host, lane, lease.LeaseId, failed: 1, released: false);
        LeaseReportAck older = await ReportAsync(host, lane, lease.LeaseId, failed: 0, released: false);
        LeaseReportAck final = await ReportAsync(host, lane, lease.LeaseId, failed: 1, released: true);
        LeaseReportAck afterRelease = await ReportAsync(host, lane, lease.LeaseId, failed: 1, released: true);

        Assert.All(new[] { first, repeated, older, final, afterRelease }, a => Assert.Equal(("counted", 1), (a.Outcome, a.Failed)));
        Assert.Equal(1, await FailuresAsync(host, site));
        Assert.Equal(LeaseState.Released, (await host.Services.GetRequiredService<BackOfficeStore>().ListLeasesAsync("S1", CancellationToken.None)).Single().State);
    }

    [Fact]
    public async Task Report_ForAnotherLanesLease_IsUnknown_AndCountsNothing()
    {
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync();
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, "S1", lanes: 2);
        LeaseGrant lease = await LeaseAfterRightPinAsync(host, site.Lanes[0], site.OperatorId);

        LeaseReportAck ack = await ReportAsync(host, site.Lanes[1], lease.LeaseId, failed: 1, released: true);

        Assert.Equal("unknown", ack.Outcome);
        Assert.Equal(0, await FailuresAsync(host, site));
    }

    [Fact]
    public async Task Report_ClaimingMoreFailuresThanTheLeaseHeld_CountsOnlyTheLease()
    {
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync();
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, "S1", lanes: 1);
        LeaseGrant lease = await LeaseAfterRightPinAsync(host, site.Lanes[0], site.OperatorId);

        LeaseReportAck ack = await ReportAsync(host, site.Lanes[0], lease.LeaseId, failed: 50, released: true);

        Assert.Equal(1, ack.Failed);
        Assert.Equal(1, await FailuresAsync(host, site));
    }

    [Fact]
    public async Task HeldLease_IsReclaimedOnlyAfterLifetimeAndMargin_AWallClockJumpForwardDoesNotReclaimIt()
    {
        var time = new ManualTimeProvider();
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync(o => o.SiteLockout.MaxFailures = 1, time);
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, "S1", lanes: 2);
        _ = await LeaseAfterRightPinAsync(host, site.Lanes[0], site.OperatorId);

        // The budget of one is leased to lane 1 (disconnected from now on): lane 2 is asked to wait.
        Assert.Equal((503, LaneErrorCodes.LeasesHeld), await ChargeStatusAsync(host, site.Lanes[1], site.OperatorId));

        // The wall clock jumps 14 hours forward (lifetime 12 h + margin 1 h): the monotonic clock has not seen them pass.
        time.JumpWallClock(TimeSpan.FromHours(14));
        Assert.Equal((503, LaneErrorCodes.LeasesHeld), await ChargeStatusAsync(host, site.Lanes[1], site.OperatorId));

        // Thirteen real hours later the lease no longer counts.
        time.Advance(TimeSpan.FromHours(13));
        Assert.Equal((200, (string?)null), await ChargeStatusAsync(host, site.Lanes[1], site.OperatorId));
    }

    [Fact]
    public async Task ConcurrentChargesAndGrants_AtTwoInstances_NeverExceedTheBudget()
    {
        string cs = await RequirePostgresAsync();
        string schema = "bo_lease_" + Guid.NewGuid().ToString("N")[..10];
        var time = new ManualTimeProvider();
        byte[] secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using BackOfficeHost a = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        await using BackOfficeHost b = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        AdminSession admin = await a.CreateAdministratorAsync();
        SiteFixture site = await a.CreateSiteAsync(admin, "S1", lanes: 12);

        for (int round = 0; round < 3; round++)
        {
            // Twelve lanes at once, half at each instance: a right PIN (charge, then refund asking for a lease) or a wrong one.
            await Task.WhenAll(site.Lanes.Select((lane, i) => Task.Run(async () =>
            {
                BackOfficeHost host = i % 2 == 0 ? a : b;
                (int status, ChargeResponse? charge) = await ChargeAsync(host, lane, site.OperatorId, leaseSize: 1);
                if (status == 200 && charge!.Allowed && (i + round) % 3 != 0)
                {
                    _ = await RefundAsync(host, lane, charge.ChargeId!, leaseSize: 1);
                }
            })));

            int failures = await FailuresAsync(a, site);
            int leased = (await a.Services.GetRequiredService<BackOfficeStore>().ListLeasesAsync("S1", CancellationToken.None)).Sum(l => l.Outstanding);
            Assert.True(failures + leased <= 5, $"round {round}: {failures} failures + {leased} leased > 5");
            Assert.True((await a.Management.UnlockOperatorAsync(admin.Session, "S1", site.OperatorId)).Succeeded);
        }
    }

    internal static async Task<LeaseGrant> LeaseAfterRightPinAsync(BackOfficeHost host, LaneRegistration lane, string operatorId)
    {
        (int status, ChargeResponse? charge) = await ChargeAsync(host, lane, operatorId, leaseSize: 1);
        Assert.Equal(200, status);
        if (charge!.Lease is { } fromCharge)
        {
            _ = await RefundAsync(host, lane, charge.ChargeId!, leaseSize: 1);
            return fromCharge;
        }

        RefundResponse refund = await RefundAsync(host, lane, charge.ChargeId!, leaseSize: 1);
        return refund.Lease ?? throw new InvalidOperationException("No lease was granted.");
    }

    private static async Task<(int Status, ChargeResponse? Answer)> ChargeAsync(BackOfficeHost host, LaneRegistration lane, string operatorId, int leaseSize, string? leaseId = null)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new ChargeRequest { RequestId = Guid.NewGuid().ToString("N"), OperatorId = operatorId, LeaseSize = leaseSize, LeaseId = leaseId }, LaneJsonContext.Default.ChargeRequest);
        (int status, LaneProblem? _, string text) = await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Post, LaneProtocol.ChargesPath(lane.Site), body));
        return (status, status == 200 ? LaneRequests.Read(text, LaneJsonContext.Default.ChargeResponse) : null);
    }

    private static async Task<(int, string?)> ChargeStatusAsync(BackOfficeHost host, LaneRegistration lane, string operatorId)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new ChargeRequest { RequestId = Guid.NewGuid().ToString("N"), OperatorId = operatorId }, LaneJsonContext.Default.ChargeRequest);
        (int status, LaneProblem? problem, _) = await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Post, LaneProtocol.ChargesPath(lane.Site), body));
        return (status, problem?.Code);
    }

    private static async Task<RefundResponse> RefundAsync(BackOfficeHost host, LaneRegistration lane, string chargeId, int leaseSize)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new RefundRequest { ChargeId = chargeId, LeaseSize = leaseSize }, LaneJsonContext.Default.RefundRequest);
        (int status, _, string text) = await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Post, LaneProtocol.RefundsPath(lane.Site), body));
        Assert.Equal(200, status);
        return LaneRequests.Read(text, LaneJsonContext.Default.RefundResponse);
    }

    private static async Task<LeaseReportAck> ReportAsync(BackOfficeHost host, LaneRegistration lane, string leaseId, int failed, bool released)
    {
        var request = new LeaseReportRequest { Leases = [new LeaseReportEntry { LeaseId = leaseId, Failed = failed, Released = released }] };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, LaneJsonContext.Default.LeaseReportRequest);
        (int status, _, string text) = await LaneRequests.SendAsync(host, LaneRequests.Signed(host, lane, HttpMethod.Post, LaneProtocol.LeaseReportPath(lane.Site), body));
        Assert.Equal(200, status);
        return LaneRequests.Read(text, LaneJsonContext.Default.LeaseReportResponse).Leases.Single();
    }

    private static async Task<int> FailuresAsync(BackOfficeHost host, SiteFixture site) =>
        (await host.Services.GetRequiredService<BackOfficeLockouts>().ForSite(site.Site).GetStatusAsync(new LockoutSubject("probe", site.OperatorId, OperatorRole.Operator), CancellationToken.None)).FailureCount;

    private static async Task<string> RequirePostgresAsync()
    {
        const string Variable = "POSAUTH_TEST_POSTGRES";
        string? connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"This test needs a PostgreSQL server and {Variable} is not set. Run `eval \"$(bash eng/postgres.sh start)\"` or `bash eng/test.sh`.");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            Assert.Fail($"The PostgreSQL server in {Variable} cannot be reached ({ex.Message}). Run `eval \"$(bash eng/postgres.sh start)\"`.");
        }

        return connectionString!;
    }
}
