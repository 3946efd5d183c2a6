using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Sites;

/// <summary>One database serves a chain: two sites with the same operator numbers and terminals never see each other's rows.</summary>
public sealed class SiteIsolationTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _stores = [];
    private PostgreSqlStoreOptions _a = null!;
    private PostgreSqlStoreOptions _b = null!;

    public async Task InitializeAsync()
    {
        _a = await PostgresTestServer.OptionsAsync();
        _b = await PostgresTestServer.OptionsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task SameOperatorNumberOnTwoSites_AreTwoAccounts()
    {
        PostgreSqlOperatorStore a = Track(new PostgreSqlOperatorStore(_a));
        PostgreSqlOperatorStore b = Track(new PostgreSqlOperatorStore(_b));
        Assert.True(await a.TryCreateAsync(Account("01", "hash-a")));
        Assert.True(await b.TryCreateAsync(Account("01", "hash-b")));

        Assert.Equal("hash-a", (await a.FindAsync("01"))!.PinHash);
        Assert.Equal("hash-b", (await b.FindAsync("01"))!.PinHash);
        Assert.True(await a.TryUpdateAsync(Account("01", "hash-a2"), 1));
        Assert.Equal(1, (await b.FindAsync("01"))!.Version);
        Assert.False(await b.TryUpdateAsync(Account("01", "stale"), 2));
        Assert.Equal(["01"], (await a.ListAsync()).Select(o => o.OperatorId));

        Assert.True(await b.DeleteAsync("01"));
        Assert.NotNull(await a.FindAsync("01"));
    }

    [Fact]
    public async Task DeleteAll_ClearsOnlyItsOwnSite()
    {
        PostgreSqlOperatorStore opsA = Track(new PostgreSqlOperatorStore(_a));
        PostgreSqlOperatorStore opsB = Track(new PostgreSqlOperatorStore(_b));
        PostgreSqlAttemptStore attA = Track(new PostgreSqlAttemptStore(_a));
        PostgreSqlAttemptStore attB = Track(new PostgreSqlAttemptStore(_b));
        PostgreSqlSessionStore sesA = Track(new PostgreSqlSessionStore(_a));
        PostgreSqlSessionStore sesB = Track(new PostgreSqlSessionStore(_b));
        PostgreSqlAuditStore audA = Track(new PostgreSqlAuditStore(_a));
        PostgreSqlAuditStore audB = Track(new PostgreSqlAuditStore(_b));
        var key = new AttemptKey("T1", "01");
        foreach ((PostgreSqlOperatorStore o, PostgreSqlAttemptStore t, PostgreSqlSessionStore s, PostgreSqlAuditStore u) in new[] { (opsA, attA, sesA, audA), (opsB, attB, sesB, audB) })
        {
            Assert.True(await o.TryCreateAsync(Account("01", "h")));
            Assert.True(await t.TryInsertAsync(new AttemptRecord { Key = key, FailureCount = 2 }, default));
            Assert.True(await s.TrySaveAsync(new TerminalSession { TerminalId = "T1", Version = 1 }, 0, default));
            await u.AppendAsync(new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T1", "01"));
        }

        await opsA.DeleteAllAsync();
        await attA.DeleteAllAsync(default);
        await sesA.DeleteAllAsync(default);
        await audA.ClearAsync();

        Assert.Empty(await opsA.ListAsync());
        Assert.Null(await attA.GetAsync(key, default));
        Assert.Null(await sesA.GetAsync("T1", default));
        Assert.Empty(await audA.ReadAsync());
        Assert.Single(await opsB.ListAsync());
        Assert.Equal(2, (await attB.GetAsync(key, default))!.FailureCount);
        Assert.NotNull(await sesB.GetAsync("T1", default));
        Assert.Single(await audB.ReadAsync());
    }

    [Fact]
    public async Task LockingAnOperatorOnOneSite_LeavesTheSameNumberOnAnotherSiteUntouched()
    {
        PostgreSqlAttemptStore a = Track(new PostgreSqlAttemptStore(_a));
        PostgreSqlAttemptStore b = Track(new PostgreSqlAttemptStore(_b));
        var options = Microsoft.Extensions.Options.Options.Create(new LockoutOptions { MaxFailures = 5, TerminalThrottle = { Enabled = false } });
        var policyA = new LockoutPolicy(a, options, TimeProvider.System);
        var policyB = new LockoutPolicy(b, options, TimeProvider.System);
        var subject = new LockoutSubject("T1", "01", OperatorRole.Operator);
        for (int i = 0; i < 5; i++)
        {
            await policyA.RegisterFailureAsync(await policyA.TryChargeAsync(subject, default), default);
        }

        Assert.True((await policyA.GetStatusAsync(subject, default)).IsLocked);
        LockoutStatus onB = await policyB.GetStatusAsync(subject, default);
        Assert.False(onB.IsLocked);
        Assert.Equal(5, onB.RemainingAttempts);
        Assert.Null(await b.GetAsync(subject.Key, default));
    }

    [Fact]
    public async Task AuditSequences_ArePerSite()
    {
        PostgreSqlAuditStore a = Track(new PostgreSqlAuditStore(_a));
        PostgreSqlAuditStore b = Track(new PostgreSqlAuditStore(_b));
        var e = new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T1", "01");
        Assert.Equal(1, await a.AppendAsync(e));
        Assert.Equal(2, await a.AppendAsync(e));
        Assert.Equal(1, await b.AppendAsync(e));
        Assert.Equal([1L, 2L], (await a.ReadAsync()).Select(r => r.Sequence));
        Assert.Equal([1L], (await b.ReadAsync()).Select(r => r.Sequence));
    }

    private static OperatorAccount Account(string id, string hash) => new() { OperatorId = id, Role = OperatorRole.Operator, PinHash = hash };

    private T Track<T>(T store)
        where T : IAsyncDisposable
    {
        _stores.Add(store);
        return store;
    }
}
