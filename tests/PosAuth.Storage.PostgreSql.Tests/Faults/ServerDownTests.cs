using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Faults;

/// <summary>The server goes away (crash-stopped) and comes back: the same store instances fail closed, then recover.</summary>
[Collection(PrivateClusterCollection.Name)]
public sealed class ServerDownTests(PrivateCluster cluster)
{
    [Fact]
    public async Task ServerDown_EveryCallFailsClosed_ThenTheSameStoresRecoverByThemselvesWithTheCommittedData()
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = cluster.ConnectionString, Site = PostgresTestServer.NewSite(), CommandTimeout = TimeSpan.FromSeconds(2) };
        await using var operators = new PostgreSqlOperatorStore(options);
        await using var attempts = new PostgreSqlAttemptStore(options);
        await using var sessions = new PostgreSqlSessionStore(options);
        await using var audit = new PostgreSqlAuditStore(options);
        var key = new AttemptKey("T0000001", "01");
        Assert.True(await operators.TryCreateAsync(new OperatorAccount { OperatorId = "07", Role = OperatorRole.Operator, PinHash = "h" }));
        Assert.True(await attempts.TryInsertAsync(ServerFaultTests.Record(1), default));
        Assert.True(await attempts.TryUpdateAsync(ServerFaultTests.Record(2), 0, default));
        Assert.True(await sessions.TrySaveAsync(new TerminalSession { TerminalId = "T0000009", Version = 1 }, 0, default));
        Assert.Equal(1, await audit.AppendAsync(new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T0000001", "01")));

        await cluster.CrashAsync();
        try
        {
            foreach (Func<Task> call in ServerFaultTests.EveryMethod(operators, attempts, sessions, audit))
            {
                await Assert.ThrowsAsync<StoreUnavailableException>(call);
            }
        }
        finally
        {
            await cluster.StartAsync();
        }

        // The same instances, no reset: every committed write survived the crash, and the stores work again.
        Assert.Equal("h", (await operators.FindAsync("07"))!.PinHash);
        AttemptRecord stored = (await attempts.GetAsync(key, default))!;
        Assert.Equal((2, 1L), (stored.FailureCount, stored.Version));
        Assert.Equal(1, (await sessions.GetAsync("T0000009", default))!.Version);
        Assert.Equal(2, await audit.AppendAsync(new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T0000001", "01")));
        Assert.True(await attempts.TryUpdateAsync(ServerFaultTests.Record(3), 1, default));
    }
}
