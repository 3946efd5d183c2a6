using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;
using PosAuth.Testing;

namespace PosAuth.BackOffice.Tests.PostgreSql;

/// <summary>
/// The back office over PostgreSQL (POSAUTH_TEST_POSTGRES; `bash eng/test.sh` starts a private server). These tests FAIL,
/// never skip, when the server is missing. Two back-office instances on one schema behave as one: one budget, one
/// nonce set, one audit trail.
/// </summary>
public sealed class PostgresBackOfficeTests
{
    private const string Variable = "POSAUTH_TEST_POSTGRES";

    private static async Task<string> RequirePostgresAsync()
    {
        string? connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"The PostgreSQL tests need a server and {Variable} is not set. Run `eval \"$(bash eng/postgres.sh start)\"` or `bash eng/test.sh`.");
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

    [Fact]
    public async Task TwoInstancesOnOneSchema_ShareTheBudget_TheNonces_AndTheAuditTrail()
    {
        string cs = await RequirePostgresAsync();
        string schema = "bo_" + Guid.NewGuid().ToString("N")[..12];
        var time = new ManualTimeProvider();
        byte[] secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using BackOfficeHost a = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        await using BackOfficeHost b = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        AdminSession admin = await a.CreateAdministratorAsync();
        SiteFixture site = await a.CreateSiteAsync(admin, "SITEA");
        LaneRegistration lane = site.Lanes[0];
        string charges = LaneProtocol.ChargesPath("SITEA");

        // One charge at each instance: one budget.
        Assert.Equal(200, (await LaneRequests.SendAsync(a, LaneRequests.Signed(a, lane, HttpMethod.Post, charges, LaneRequests.ChargeBody(site.OperatorId)))).Status);
        Assert.Equal(200, (await LaneRequests.SendAsync(b, LaneRequests.Signed(b, lane, HttpMethod.Post, charges, LaneRequests.ChargeBody(site.OperatorId)))).Status);
        ILockoutPolicy policy = b.Services.GetRequiredService<BackOfficeLockouts>().ForSite("SITEA");
        Assert.Equal(2, (await policy.GetStatusAsync(new LockoutSubject("x", site.OperatorId, OperatorRole.Operator), CancellationToken.None)).FailureCount);

        // A request accepted by A and replayed to B is refused there, audited, not charged.
        byte[] body = LaneRequests.ChargeBody(site.OperatorId);
        string nonce = LaneProtocol.NewNonce();
        long ts = time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(200, (await LaneRequests.SendAsync(a, LaneRequests.Signed(a, lane, HttpMethod.Post, charges, body, nonce, ts))).Status);
        (int replayed, LaneProblem? problem, _) = await LaneRequests.SendAsync(b, LaneRequests.Signed(b, lane, HttpMethod.Post, charges, body, nonce, ts));
        Assert.Equal(401, replayed);
        Assert.Equal(LaneErrorCodes.ReplayedRequest, problem?.Code);
        Assert.Equal(3, (await policy.GetStatusAsync(new LockoutSubject("x", site.OperatorId, OperatorRole.Operator), CancellationToken.None)).FailureCount);

        // A reset made at A is in the directory B serves, with the new epoch.
        long epochBefore = (await a.Store.GetOperatorAsync("SITEA", site.OperatorId, CancellationToken.None))!.CredentialEpoch;
        (await a.Management.ResetOperatorPinAsync(admin.Session, "SITEA", site.OperatorId)).Value!.Dispose();
        (int status, _, string directory) = await LaneRequests.SendAsync(b, LaneRequests.Signed(b, lane, HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA") + "?since=0"));
        Assert.Equal(200, status);
        Assert.Equal(epochBefore + 1, LaneRequests.Read(directory, LaneJsonContext.Default.DirectoryResponse).Operators.Single().CredentialEpoch);

        // The reset lifted the lock everywhere; the audit trail is one chain that verifies.
        Assert.Equal(0, (await policy.GetStatusAsync(new LockoutSubject("x", site.OperatorId, OperatorRole.Operator), CancellationToken.None)).FailureCount);
        List<BackOfficeAuditEntry> audit = await b.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.LaneRequestRefused && e.Code == LaneErrorCodes.ReplayedRequest);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.OperatorPinReset && e.Actor == "user:admin");
        Assert.True((await b.Store.VerifyAuditAsync(CancellationToken.None)).IsValid);
        Assert.Equal(audit.Count, audit.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task ConcurrentChargesAtTwoInstances_NeverExceedTheSiteBudget()
    {
        string cs = await RequirePostgresAsync();
        string schema = "bo_" + Guid.NewGuid().ToString("N")[..12];
        var time = new ManualTimeProvider();
        byte[] secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using BackOfficeHost a = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        await using BackOfficeHost b = await BackOfficeHost.StartPostgresAsync(cs, schema, o => o.Secret = secret, time);
        AdminSession admin = await a.CreateAdministratorAsync();
        SiteFixture site = await a.CreateSiteAsync(admin, "SITEA", lanes: 2);
        string charges = LaneProtocol.ChargesPath("SITEA");

        Task<(int Status, LaneProblem? Problem, string Body)>[] sends = [.. Enumerable.Range(0, 20).Select(i =>
        {
            BackOfficeHost host = i % 2 == 0 ? a : b;
            return LaneRequests.SendAsync(host, LaneRequests.Signed(host, site.Lanes[i % 2], HttpMethod.Post, charges, LaneRequests.ChargeBody(site.OperatorId)));
        })];
        var answers = await Task.WhenAll(sends);
        int allowed = answers.Count(r => r.Status == 200 && LaneRequests.Read(r.Body, LaneJsonContext.Default.ChargeResponse).Allowed);
        Assert.Equal(5, allowed);
    }
}
