using PosAuth.BackOffice.Storage;
using PosAuth.Lockout;
using PosAuth.Storage.Sqlite;
using PosAuth.Testing;

namespace PosAuth.BackOffice.Tests.Storage;

/// <summary>
/// The SQLite back office keeps every site's budgets in one file, each key's terminal prefixed by its site. The prefix
/// must be invisible to the lockout policies: sites never see each other's records, and lanes that charge from their own
/// views (the store compares whole expected records) still let exactly the limit through.
/// </summary>
public sealed class PrefixedAttemptStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "posauth-prefixed-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteAttemptStore _file;

    public PrefixedAttemptStoreTests()
    {
        System.IO.Directory.CreateDirectory(_directory);
        _file = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "attempts.db") });
    }

    public void Dispose()
    {
        _file.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private static AttemptRecord Record(AttemptKey key, int failures) => new() { Key = key, FailureCount = failures };

    [Fact]
    public async Task Sites_OnOneFile_NeverSeeEachOthersRecords()
    {
        var a = new PrefixedAttemptStore(_file, "S001");
        var b = new PrefixedAttemptStore(_file, "S002");
        var key = new AttemptKey("T1", "01");
        Assert.True(await a.TryWriteAsync([AttemptWrite.Insert(Record(key, 3))], default));

        Assert.Null(await b.GetAsync(key, default));
        Assert.Equal((null, null), await b.GetPairAsync(key, AttemptKey.ForTerminal("T1"), default));
        AttemptRecord read = (await a.GetAsync(key, default))!;
        Assert.Equal((key, 3), (read.Key, read.FailureCount));
        (AttemptRecord? first, AttemptRecord? second) = await a.GetPairAsync(key, AttemptKey.ForTerminal("T1"), default);
        Assert.Equal(key, first!.Key);
        Assert.Null(second);
        Assert.True(await b.TryWriteAsync([AttemptWrite.Insert(Record(key, 1))], default));
        Assert.Equal(3, (await a.GetAsync(key, default))!.FailureCount);
    }

    [Fact]
    public async Task ExpectedRecord_ComparedWholeThroughThePrefix()
    {
        var store = new PrefixedAttemptStore(_file, "S001");
        var key = new AttemptKey("T1", "01");
        Assert.True(store.ComparesExpectedRecords);
        Assert.True(await store.TryWriteAsync([AttemptWrite.Insert(Record(key, 2))], default));
        AttemptRecord stored = (await store.GetAsync(key, default))!;

        AttemptWrite stale = AttemptWrite.Update(stored with { FailureCount = 3 }, stored.Version) with { ExpectedRecord = stored with { FailureCount = 1 } };
        Assert.False(await store.TryWriteAsync([stale], default));
        Assert.Equal(2, (await store.GetAsync(key, default))!.FailureCount);

        AttemptWrite current = AttemptWrite.Update(stored with { FailureCount = 3 }, stored.Version) with { ExpectedRecord = stored };
        Assert.True(await store.TryWriteAsync([current], default));
        Assert.Equal(3, (await store.GetAsync(key, default))!.FailureCount);
    }

    [Fact]
    public async Task Lanes_WithTheirOwnViews_RacingWrongGuesses_LetExactlyTheLimitThrough_AndLeaveTheOtherSiteAlone()
    {
        const int limit = 5;
        const int lanes = 4;
        var time = new ManualTimeProvider();
        var options = new LockoutOptions { MaxFailures = limit, Scope = LockoutScope.PerSite, Mode = LockoutMode.Temporary, TerminalThrottle = new TerminalThrottleOptions { Enabled = false } };

        // Each lane has its own policy (and view) and its own store object over the file, as the back office's
        // per-site policies would if two processes shared it.
        LockoutPolicy[] policies = [.. Enumerable.Range(0, lanes).Select(_ => new LockoutPolicy(new PrefixedAttemptStore(_file, "S001"), Microsoft.Extensions.Options.Options.Create(options), time))];
        var otherSite = new LockoutPolicy(new PrefixedAttemptStore(_file, "S002"), Microsoft.Extensions.Options.Options.Create(options), time);
        LockoutSubject On(int lane) => new("L" + lane.ToString(System.Globalization.CultureInfo.InvariantCulture), "07", OperatorRole.Operator);
        for (int lane = 0; lane < lanes; lane++)
        {
            AttemptCharge first = await policies[lane].TryChargeAsync(On(lane), default);
            await policies[lane].RegisterSuccessAsync(first, default);
        }

        for (int round = 0; round < 3; round++)
        {
            int through = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] racing = [.. Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
            {
                await start.Task.ConfigureAwait(false);
                for (int g = 0; g < limit + 2; g++)
                {
                    AttemptCharge charge = await policies[lane].TryChargeAsync(On(lane), default).ConfigureAwait(false);
                    if (charge.IsAllowed)
                    {
                        Interlocked.Increment(ref through);
                        await policies[lane].RegisterFailureAsync(charge, default).ConfigureAwait(false);
                    }
                }
            }))];
            start.SetResult();
            await Task.WhenAll(racing);

            Assert.Equal(limit, through);
            Assert.True((await otherSite.TryChargeAsync(On(0), default)) is { IsAllowed: true }, "The other site's operator 07 was charged by this site's guesses.");
            Assert.True((await policies[round % lanes].UnlockAsync(On(round % lanes), new LockoutActor("00", OperatorRole.Supervisor), default)).Succeeded);
        }
    }
}
