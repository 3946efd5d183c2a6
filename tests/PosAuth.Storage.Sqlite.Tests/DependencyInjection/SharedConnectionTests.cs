using System.Data;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.DependencyInjection;

/// <summary>
/// The stores of one <c>UseSqlite</c> composition share one connection (issue 13: a sign-in's reads and its two commits
/// run through one page cache that no other connection invalidates), without changing what each store promises: the
/// last disposal closes it, one store's disposal leaves the others working, another composition (another instance on
/// the same file) keeps a connection of its own, and concurrent use of every store through the one gate never deadlocks
/// and never loses a charge.
/// </summary>
public sealed class SharedConnectionTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private const string Pin = "730194";

    [Fact]
    public async Task UseSqlite_EveryStoreOfTheComposition_UsesOneConnection_ClosedWithTheProvider()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().UseSqlite(dir.NewDatabasePath()).WithoutHostSignOn();
        ServiceProvider provider = services.BuildServiceProvider();
        var attempts = provider.GetRequiredService<SqliteAttemptStore>();
        SqliteStoreConnection[] uses =
        [
            attempts.Database,
            provider.GetRequiredService<SqliteOperatorStore>().Database,
            provider.GetRequiredService<SqliteSessionStore>().Database,
            provider.GetRequiredService<SqliteAuditStore>().Database,
            ((SqliteInstallationSecretStore)provider.GetRequiredService<IInstallationSecretStore>()).Database,
        ];
        _ = provider.GetRequiredService<ISignInStore>();

        Assert.All(uses, u => Assert.Same(attempts.Database.Connection, u.Connection));
        Assert.Equal(ConnectionState.Open, attempts.Database.Connection.State);

        await provider.DisposeAsync();

        Assert.Equal(ConnectionState.Closed, attempts.Database.Connection.State);
    }

    [Fact]
    public async Task DisposingOneStore_LeavesTheOthersWorking_OnTheSameConnection()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().UseSqlite(dir.NewDatabasePath()).WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();
        var operators = provider.GetRequiredService<SqliteOperatorStore>();
        var attempts = provider.GetRequiredService<SqliteAttemptStore>();

        operators.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await operators.FindAsync("01"));
        Assert.True(await attempts.TryInsertAsync(new AttemptRecord { Key = new AttemptKey("T1", "01"), FailureCount = 1 }, default));
        Assert.Equal(1, (await attempts.GetAsync(new AttemptKey("T1", "01"), default))!.FailureCount);
        Assert.Equal(ConnectionState.Open, attempts.Database.Connection.State);
    }

    [Fact]
    public async Task TwoCompositionsOnOneFile_KeepTheirOwnConnections_AndSeeEachOthersCommits()
    {
        string path = dir.NewDatabasePath();
        await using ServiceProvider first = Build(path);
        await using ServiceProvider second = Build(path);
        var a = first.GetRequiredService<SqliteAttemptStore>();
        var b = second.GetRequiredService<SqliteAttemptStore>();

        Assert.NotSame(a.Database.Connection, b.Database.Connection);
        Assert.True(await a.TryInsertAsync(new AttemptRecord { Key = new AttemptKey("T1", "01"), FailureCount = 3 }, default));
        Assert.Equal(3, (await b.GetAsync(new AttemptKey("T1", "01"), default))!.FailureCount);
    }

    // Sign-ins, wrong PINs, audit reads, session writes and secret reads of one composition, all at once on the one
    // gate: every call completes (a store that called another store while holding the gate would hang here until the
    // xunit timeout) and the charges stay exact (the limit of 5 admits exactly 5 wrong PINs, the fifth locking).
    [Fact(Timeout = 120_000)]
    public async Task EveryStoreAtOnce_ThroughTheOneGate_NeverDeadlocks_AndChargesStayExact()
    {
        await using ServiceProvider provider = Build(dir.NewDatabasePath(), maxFailures: 5);
        IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
        Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash(Pin) }));
        Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "02", Role = OperatorRole.Operator, PinHash = hasher.Hash(Pin) }));
        IOperatorAuthenticator auth = provider.GetRequiredService<IOperatorAuthenticator>();
        IAuditStore audit = provider.GetRequiredService<IAuditStore>();
        ISessionStore sessions = provider.GetRequiredService<ISessionStore>();
        IInstallationSecretStore secrets = provider.GetRequiredService<IInstallationSecretStore>();

        Task<AuthenticationResult>[] guesses = [.. Enumerable.Range(0, 24).Select(i => Task.Run(async () => await auth.AuthenticateAsync("T" + (i % 8), "01", "111111".AsMemory())))];
        Task<AuthenticationResult>[] rights = [.. Enumerable.Range(0, 8).Select(i => Task.Run(async () => await auth.AuthenticateAsync("U" + i, "02", Pin.AsMemory())))];
        Task[] others =
        [
            .. Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await audit.ReadAsync())),
            .. Enumerable.Range(0, 8).Select(i => Task.Run(async () => await sessions.GetAsync("T" + i, default))),
            .. Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await secrets.GetOrCreateAsync("test-key", 32))),
        ];
        AuthenticationResult[] wrong = await Task.WhenAll(guesses);
        AuthenticationResult[] right = await Task.WhenAll(rights);
        await Task.WhenAll(others);

        // Five guesses verified: four answered "wrong PIN", the fifth locks and answers "locked out" (JustLocked).
        Assert.Equal(4, wrong.Count(r => r.Outcome == AuthenticationOutcome.WrongPin));
        Assert.Equal(1, wrong.Count(r => r.JustLocked));
        Assert.All(wrong, r => Assert.Contains(r.Outcome, new[] { AuthenticationOutcome.WrongPin, AuthenticationOutcome.LockedOut }));
        Assert.All(right, r => Assert.Equal(AuthenticationOutcome.Succeeded, r.Outcome));
        Assert.True((await provider.GetRequiredService<SqliteAuditStore>().VerifyAuditChainAsync()).IsValid);
    }

    private static ServiceProvider Build(string path, int maxFailures = 5)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
            o.Lockout.MaxFailures = maxFailures;
            o.Lockout.Scope = LockoutScope.PerSite;
            o.Lockout.TerminalThrottle.MaxFailures = 100;
        }).UseSqlite(path).WithoutHostSignOn();
        return services.BuildServiceProvider();
    }
}
