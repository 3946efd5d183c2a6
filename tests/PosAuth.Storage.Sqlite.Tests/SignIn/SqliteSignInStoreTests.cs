using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth.Storage.Sqlite.Tests.SignIn;

/// <summary>
/// A sign-in on SQLite costs two durable commits (issue 13): the charge (subject and throttle in one transaction) before
/// the KDF, and the outcome (refund, account housekeeping, audit) after it. Counted with SQLite's own commit hook.
/// </summary>
public sealed class SqliteSignInStoreTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private sealed class NoHost : IHostSignOn
    {
        public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken) => new(HostSignOnResult.Success(1));

        public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken) => new(new HostSignOffResult(true, null, null));
    }

    private static ServiceProvider Build(string path)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostSignOn, NoHost>();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
        }).UseSqlite(path);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("7391", "succeeded")]
    [InlineData("1111", "wrong_pin")]
    [InlineData("1111", "unknown")]
    public async Task SignIn_TakesAtMostTwoDurableCommits(string pin, string kind)
    {
        string path = dir.NewDatabasePath();
        await using ServiceProvider provider = Build(path);
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
        await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = provider.GetRequiredService<IPinHasher>().Hash("7391") });
        await authenticator.AuthenticateAsync("T1", kind == "unknown" ? "55" : "01", pin.AsMemory()); // warm: schema, secrets, dummy hash

        long before = CommittedWrites(path);
        AuthenticationResult result = await authenticator.AuthenticateAsync("T1", kind == "unknown" ? "55" : "01", pin.AsMemory());
        long commits = CommittedWrites(path) - before;

        Assert.Equal(kind == "succeeded" ? AuthenticationOutcome.Succeeded : AuthenticationOutcome.WrongPin, result.Outcome);
        Assert.True(commits <= 2, $"a {kind} sign-in made {commits} durable commits (at most 2: the charge and the outcome)");
        Assert.True(commits >= 2, $"a {kind} sign-in made {commits} commits: the charge and its audit must both be durable");
    }

    [Fact]
    public async Task Commit_WhenAnAttemptWriteConflicts_WritesNoAuditEither()
    {
        string path = dir.NewDatabasePath();
        var options = new SqliteStoreOptions { DatabasePath = path };
        using var attempts = new SqliteAttemptStore(options);
        using var audit = new SqliteAuditStore(options);
        using var operators = new SqliteOperatorStore(options);
        using var store = new SqliteSignInStore(options, attempts, audit, operators);
        var record = new AttemptRecord { Key = new AttemptKey("T1", "01"), FailureCount = 1 };
        Assert.True(await attempts.TryInsertAsync(record, default));

        SignInCommitResult result = await store.TryCommitAsync(new SignInCommit
        {
            AttemptWrites = [AttemptWrite.Update(record with { FailureCount = 0 }, 5)],
            AuditEvents = [new AuditEvent(AuditEventType.SignInSucceeded, DateTimeOffset.UnixEpoch, "T1", "01")],
        });

        Assert.False(result.Committed);
        Assert.Empty(await audit.ReadAsync());
        Assert.Equal(1, (await attempts.GetAsync(record.Key, default))!.FailureCount);
        Assert.True((await audit.VerifyAuditChainAsync()).IsValid);
    }

    [Fact]
    public async Task InstallationSecret_IsCreatedOnce_AndSharedByEveryStoreOnTheFile()
    {
        string path = dir.NewDatabasePath();
        var options = new SqliteStoreOptions { DatabasePath = path };
        using var a = new SqliteInstallationSecretStore(options);
        using var b = new SqliteInstallationSecretStore(options);

        ReadOnlyMemory<byte>[] racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).GetOrCreateAsync("unknown-operator-digest", 32).AsTask()));
        using var reopened = new SqliteInstallationSecretStore(options);
        ReadOnlyMemory<byte> later = await reopened.GetOrCreateAsync("unknown-operator-digest", 32);

        Assert.All(racing, s => Assert.True(s.Span.SequenceEqual(later.Span)));
        Assert.Equal(32, later.Length);
        Assert.False((await a.GetOrCreateAsync("another-secret", 32)).Span.SequenceEqual(later.Span));
    }

    // Pages written and synced: the charge writes the attempt page (the subject and the terminal throttle share it);
    // the outcome of a right PIN writes it again (the refund) and the audit page, where the appended record and the
    // chain head (the trail's last row) sit together; a wrong PIN's outcome writes the audit page alone.
    [Theory]
    [InlineData("7391", "succeeded", 3)]
    [InlineData("1111", "wrong_pin", 2)]
    [InlineData("1111", "unknown", 2)]
    public async Task SignIn_WritesOnePagePerTableItChanges(string pin, string kind, int pages)
    {
        string path = dir.NewDatabasePath();
        await using ServiceProvider provider = Build(path);
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
        await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = provider.GetRequiredService<IPinHasher>().Hash("7391") });
        await authenticator.AuthenticateAsync("T1", kind == "unknown" ? "55" : "01", pin.AsMemory()); // warm: schema, secrets, dummy hash

        long before = WalFrames(path + "-wal").Frames;
        AuthenticationResult result = await authenticator.AuthenticateAsync("T1", kind == "unknown" ? "55" : "01", pin.AsMemory());
        long written = WalFrames(path + "-wal").Frames - before;

        Assert.Equal(kind == "succeeded" ? AuthenticationOutcome.Succeeded : AuthenticationOutcome.WrongPin, result.Outcome);
        Assert.Equal(pages, written);
    }

    /// <summary>The number of write transactions committed to the file so far (commit frames in its WAL).</summary>
    private static long CommittedWrites(string path) => WalFrames(path + "-wal").Commits;

    /// <summary>
    /// Counts the frames (pages written) and the commit frames in a WAL file: frames whose salts match the WAL header's (frames of the current WAL, not
    /// left over from before a reset) and whose "database size after commit" field (bytes 4–7) is non-zero. Each
    /// committed write transaction ends with exactly one such frame. (The test databases stay far below the
    /// auto-checkpoint size, so the WAL is not reset while a test counts.)
    /// </summary>
    internal static (long Frames, long Commits) WalFrames(string wal)
    {
        if (!File.Exists(wal))
        {
            return (0, 0);
        }

        byte[] bytes;
        using (var stream = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        if (bytes.Length < 32)
        {
            return (0, 0);
        }

        int pageSize = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8, 4));
        ReadOnlySpan<byte> salts = bytes.AsSpan(16, 8);
        long frames = 0, commits = 0;
        for (long offset = 32; offset + 24 + pageSize <= bytes.Length; offset += 24 + pageSize)
        {
            ReadOnlySpan<byte> frame = bytes.AsSpan((int)offset, 24);
            if (!frame.Slice(8, 8).SequenceEqual(salts))
            {
                continue;
            }

            frames++;
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(4, 4)) != 0)
            {
                commits++;
            }
        }

        return (frames, commits);
    }
}
