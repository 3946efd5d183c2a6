using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.SignIn;

/// <summary>
/// The outcome of a sign-in on PostgreSQL — refund, account housekeeping, audit — is one transaction: all of it or
/// nothing (an attempt write that finds another version writes no audit and no account either), also on the path that
/// locks the audit head because another lane appended in between. Installation secrets are one per site, shared by every
/// lane.
/// </summary>
public sealed class PostgreSqlSignInStoreTests
{
    private static readonly AttemptKey Key = new("T1", "01");

    private sealed class Site : IAsyncDisposable
    {
        private Site(PostgreSqlStoreOptions options)
        {
            Options = options;
            Attempts = new PostgreSqlAttemptStore(options);
            Audit = new PostgreSqlAuditStore(options);
            Operators = new PostgreSqlOperatorStore(options);
            Store = new PostgreSqlSignInStore(Attempts, Audit, Operators);
        }

        public PostgreSqlStoreOptions Options { get; }

        public PostgreSqlAttemptStore Attempts { get; }

        public PostgreSqlAuditStore Audit { get; }

        public PostgreSqlOperatorStore Operators { get; }

        public PostgreSqlSignInStore Store { get; }

        public static async Task<Site> CreateAsync(string? site = null) => new(await PostgresTestServer.OptionsAsync(site));

        public async ValueTask DisposeAsync()
        {
            await Attempts.DisposeAsync();
            await Audit.DisposeAsync();
            await Operators.DisposeAsync();
        }
    }

    private static AuditEvent Event(AuditEventType type, string code) => new(type, DateTimeOffset.UnixEpoch, "T1", "01", null, code);

    private static OperatorAccount Account(string hash) => new() { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hash };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_WhenTheAttemptWriteFindsAnotherVersion_WritesNoAuditAndNoAccount(bool headMovedInBetween)
    {
        await using Site site = await Site.CreateAsync();
        await using Site otherLane = await Site.CreateAsync(site.Options.Site);
        var record = new AttemptRecord { Key = Key, FailureCount = 1 };
        Assert.True(await site.Attempts.TryInsertAsync(record, default));
        Assert.True(await site.Operators.TryCreateAsync(Account("h1")));
        await site.Audit.AppendAsync(Event(AuditEventType.SignInFailed, "warm"));
        if (headMovedInBetween)
        {
            await otherLane.Audit.AppendAsync(Event(AuditEventType.SignInFailed, "other lane"));
        }

        SignInCommitResult result = await site.Store.TryCommitAsync(new SignInCommit
        {
            AttemptWrites = [AttemptWrite.Update(record with { FailureCount = 0 }, 5)],
            AccountUpdate = Account("h2"),
            AccountExpectedVersion = 1,
            AccountAuditEvents = [Event(AuditEventType.PinRehashed, "rehash")],
            AuditEvents = [Event(AuditEventType.SignInSucceeded, "ok")],
        });

        Assert.Equal(new SignInCommitResult(false, false), result);
        Assert.DoesNotContain((await site.Audit.ReadAsync()).Select(r => r.Event.Code), c => c is "ok" or "rehash");
        Assert.Equal(1, (await site.Attempts.GetAsync(Key, default))!.FailureCount);
        Assert.Equal("h1", (await site.Operators.FindAsync("01"))!.PinHash);
        Assert.True((await site.Audit.VerifyAuditChainAsync()).IsValid);

        // The lane goes on: its next commit (fresh versions) lands whole.
        AttemptRecord current = (await site.Attempts.GetAsync(Key, default))!;
        Assert.True((await site.Store.TryCommitAsync(new SignInCommit
        {
            AttemptWrites = [AttemptWrite.Update(current with { FailureCount = 0 }, current.Version)],
            AuditEvents = [Event(AuditEventType.SignInSucceeded, "ok")],
        })).Committed);
        Assert.Equal("ok", (await site.Audit.ReadAsync())[^1].Event.Code);
    }

    /// <summary>
    /// The common outcome — a refund and the audit, no account update — is ONE statement (the refund's writes are CTEs of
    /// the append): a refund that finds another version must still write no audit, and the one after it land whole.
    /// </summary>
    [Fact]
    public async Task Commit_RefundAndAuditInOneStatement_WhenTheRefundFindsAnotherVersion_WritesNoAudit()
    {
        await using Site site = await Site.CreateAsync();
        var record = new AttemptRecord { Key = Key, FailureCount = 1 };
        Assert.True(await site.Attempts.TryInsertAsync(record, default));
        await site.Audit.AppendAsync(Event(AuditEventType.SignInFailed, "warm")); // the head is where this lane saw it: the one-statement path
        AttemptRecord stored = (await site.Attempts.GetAsync(Key, default))!;
        var throttle = new AttemptRecord { Key = AttemptKey.ForTerminal("T1"), FailureCount = 1 };
        Assert.True(await site.Attempts.TryInsertAsync(throttle, default));
        AttemptRecord storedThrottle = (await site.Attempts.GetAsync(throttle.Key, default))!;

        SignInCommitResult refused = await site.Store.TryCommitAsync(new SignInCommit
        {
            // The throttle's refund is right, the subject's finds another version: neither, and no audit.
            AttemptWrites = [AttemptWrite.Update(storedThrottle with { FailureCount = 0 }, storedThrottle.Version), AttemptWrite.Update(stored with { FailureCount = 0 }, stored.Version + 1)],
            AuditEvents = [Event(AuditEventType.SignInSucceeded, "refused")],
        });

        Assert.Equal(new SignInCommitResult(false, false), refused);
        Assert.DoesNotContain((await site.Audit.ReadAsync()).Select(r => r.Event.Code), c => c == "refused");
        Assert.Equal(1, (await site.Attempts.GetAsync(throttle.Key, default))!.FailureCount);
        Assert.Equal(1, (await site.Attempts.GetAsync(Key, default))!.FailureCount);

        SignInCommitResult landed = await site.Store.TryCommitAsync(new SignInCommit
        {
            AttemptWrites = [AttemptWrite.Update(storedThrottle with { FailureCount = 0 }, storedThrottle.Version), AttemptWrite.Update(stored with { FailureCount = 0 }, stored.Version)],
            AuditEvents = [Event(AuditEventType.SignInSucceeded, "ok"), Event(AuditEventType.SignInFailed, "second record")],
        });

        Assert.True(landed.Committed);
        Assert.Equal(["warm", "ok", "second record"], (await site.Audit.ReadAsync()).Select(r => r.Event.Code));
        Assert.Equal(0, (await site.Attempts.GetAsync(throttle.Key, default))!.FailureCount);
        Assert.Equal(0, (await site.Attempts.GetAsync(Key, default))!.FailureCount);
        Assert.True((await site.Audit.VerifyAuditChainAsync()).IsValid);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_RefundAccountAndAudit_LandTogether_AccountEventsOnlyWhenTheAccountWasUpdated(bool staleAccount)
    {
        await using Site site = await Site.CreateAsync();
        var record = new AttemptRecord { Key = Key, FailureCount = 3 };
        Assert.True(await site.Attempts.TryInsertAsync(record, default));
        Assert.True(await site.Operators.TryCreateAsync(Account("h1")));
        AttemptRecord stored = (await site.Attempts.GetAsync(Key, default))!;

        SignInCommitResult result = await site.Store.TryCommitAsync(new SignInCommit
        {
            AttemptWrites = [AttemptWrite.Update(stored with { FailureCount = 0 }, stored.Version)],
            AccountUpdate = Account("h2"),
            AccountExpectedVersion = staleAccount ? 7 : 1,
            AccountAuditEvents = [Event(AuditEventType.PinRehashed, "rehash")],
            AuditEvents = [Event(AuditEventType.SignInSucceeded, "ok")],
        });

        Assert.Equal(new SignInCommitResult(true, !staleAccount), result);
        Assert.Equal(0, (await site.Attempts.GetAsync(Key, default))!.FailureCount);
        Assert.Equal(staleAccount ? "h1" : "h2", (await site.Operators.FindAsync("01"))!.PinHash);
        string?[] codes = [.. (await site.Audit.ReadAsync()).Select(r => r.Event.Code)];
        Assert.Equal(staleAccount ? ["ok"] : ["rehash", "ok"], codes);
        Assert.True((await site.Audit.VerifyAuditChainAsync()).IsValid);
    }

    [Fact]
    public async Task UsePostgreSql_SignInsOfEveryKind_CommitAndLeaveAValidChain()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Hashing.Iterations = 10_000).UsePostgreSql(options.ConnectionString!, options.Site!).WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<PostgreSqlSignInStore>(provider.GetRequiredService<ISignInStore>());
        Assert.IsType<PostgreSqlInstallationSecretStore>(provider.GetRequiredService<IInstallationSecretStore>());
        await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = provider.GetRequiredService<IPinHasher>().Hash("7391") });
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();

        Assert.Equal(AuthenticationOutcome.WrongPin, (await authenticator.AuthenticateAsync("T1", "01", "1111".AsMemory())).Outcome);
        Assert.Equal(AuthenticationOutcome.WrongPin, (await authenticator.AuthenticateAsync("T1", "55", "1111".AsMemory())).Outcome);
        Assert.Equal(AuthenticationOutcome.Succeeded, (await authenticator.AuthenticateAsync("T1", "01", "7391".AsMemory())).Outcome);

        var audit = (PostgreSqlAuditStore)provider.GetRequiredService<IAuditStore>();
        Assert.True((await audit.VerifyAuditChainAsync()).IsValid);
        Assert.Contains((await audit.ReadAsync()).Select(r => r.Event.Type), t => t == AuditEventType.SignInSucceeded);
        Assert.Equal(0, (await provider.GetRequiredService<IAttemptStore>().GetAsync(Key, default))?.FailureCount ?? 0);
    }

    [Fact]
    public async Task Constructor_RefusesStoresOfDifferentSites()
    {
        await using Site a = await Site.CreateAsync();
        await using Site b = await Site.CreateAsync();
        Assert.Throws<ArgumentException>(() => new PostgreSqlSignInStore(a.Attempts, b.Audit, a.Operators));
    }

    [Fact]
    public async Task InstallationSecret_IsCreatedOncePerSite_AndSharedByEveryLane()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        PostgreSqlStoreOptions otherSite = await PostgresTestServer.OptionsAsync();
        await using var a = new PostgreSqlInstallationSecretStore(options);
        await using var b = new PostgreSqlInstallationSecretStore(options);

        ReadOnlyMemory<byte>[] racing = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? a : b).GetOrCreateAsync("unknown-operator-digest", 32).AsTask()));
        await using var later = new PostgreSqlInstallationSecretStore(options);
        ReadOnlyMemory<byte> again = await later.GetOrCreateAsync("unknown-operator-digest", 32);
        await using var other = new PostgreSqlInstallationSecretStore(otherSite);

        Assert.Equal(32, again.Length);
        Assert.All(racing, s => Assert.True(s.Span.SequenceEqual(again.Span)));
        Assert.False((await a.GetOrCreateAsync("another-secret", 32)).Span.SequenceEqual(again.Span));
        Assert.False((await other.GetOrCreateAsync("unknown-operator-digest", 32)).Span.SequenceEqual(again.Span));
    }
}
