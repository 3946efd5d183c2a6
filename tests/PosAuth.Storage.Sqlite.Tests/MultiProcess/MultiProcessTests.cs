using System.Globalization;
using Microsoft.Data.Sqlite;
using PosAuth.Lockout;

namespace PosAuth.Storage.Sqlite.Tests.MultiProcess;

/// <summary>Two OS processes on one file, and a process killed with SIGKILL in the middle of charging.</summary>
public sealed class MultiProcessTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task TwoProcesses_HammeringOneSubject_ChargeExactlyTheLimit()
    {
        string path = dir.NewDatabasePath();
        using (new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path }))
        {
            // Create and migrate the file before the children race.
        }

        CancellationToken ct = Timeout();
        using ChildProcess a = ChildProcess.Start("hammer", path, "40");
        using ChildProcess b = ChildProcess.Start("hammer", path, "40");
        Assert.Equal("ready", await a.ReadLineAsync(ct));
        Assert.Equal("ready", await b.ReadLineAsync(ct));
        await a.Process.StandardInput.WriteLineAsync("go");
        await b.Process.StandardInput.WriteLineAsync("go");
        await a.Process.StandardInput.FlushAsync(ct);
        await b.Process.StandardInput.FlushAsync(ct);

        int allowedA = int.Parse((await a.ReadLineAsync(ct)).Split(' ')[1], CultureInfo.InvariantCulture);
        int allowedB = int.Parse((await b.ReadLineAsync(ct)).Split(' ')[1], CultureInfo.InvariantCulture);
        await a.Process.WaitForExitAsync(ct);
        await b.Process.WaitForExitAsync(ct);

        Assert.Equal(0, a.Process.ExitCode);
        Assert.Equal(0, b.Process.ExitCode);
        Assert.Equal(5, allowedA + allowedB);
        using var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path });
        Assert.Equal(5, (await store.GetAsync(new AttemptKey("T0000001", "01"), default))!.FailureCount);
    }

    [Fact]
    public async Task KilledWithSigkill_EveryReportedChargeIsOnDiskAndTheFileIsIntact()
    {
        string path = dir.NewDatabasePath();
        int killAfter = Random.Shared.Next(5, 120);
        CancellationToken ct = Timeout();
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);

        using (ChildProcess child = ChildProcess.Start("charge", path))
        {
            for (int i = 0; i < killAfter; i++)
            {
                string[] parts = (await child.ReadLineAsync(ct)).Split(' ');
                Assert.Equal("charged", parts[0]);
                reported[parts[1]] = int.Parse(parts[2], CultureInfo.InvariantCulture);
            }

            child.Process.Kill(); // SIGKILL on Unix: no finally blocks, no disposal, no checkpoint
            await child.Process.WaitForExitAsync(ct);
        }

        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        using (SqliteCommand check = raw.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        using var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path });
        int total = 0;
        foreach ((string operatorId, int count) in reported)
        {
            AttemptRecord? record = await store.GetAsync(new AttemptKey("T0000001", operatorId), default);
            Assert.NotNull(record);
            Assert.True(record.FailureCount >= count, $"operator {operatorId}: reported {count}, stored {record.FailureCount}");
            total += record.FailureCount;
        }

        Assert.True(total >= killAfter, $"reported {killAfter} charges, found {total}");
    }

    [Fact]
    public async Task KilledWithSigkillDuringReplaceAll_TheFileHoldsOneWholeSetWithTheAdministrator()
    {
        string path = dir.NewDatabasePath();
        int killAfter = Random.Shared.Next(3, 40);
        CancellationToken ct = Timeout();
        long lastReported = -1;

        using (ChildProcess child = ChildProcess.Start("replace", path))
        {
            for (int i = 0; i < killAfter; i++)
            {
                string[] parts = (await child.ReadLineAsync(ct)).Split(' ');
                Assert.Equal("replaced", parts[0]);
                lastReported = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }

            child.Process.Kill(); // SIGKILL, most likely inside the next replacement's transaction
            await child.Process.WaitForExitAsync(ct);
        }

        using var store = new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path });
        IReadOnlyList<PosAuth.OperatorAccount> accounts = await store.ListAsync();
        long generation = long.Parse(accounts[0].DisplayName!, CultureInfo.InvariantCulture);
        Assert.All(accounts, a => Assert.Equal(accounts[0].DisplayName, a.DisplayName));
        // The child runs ahead of the lines read here; every replacement it reported is durable, and what is there is whole.
        Assert.True(generation >= lastReported, $"replacement {lastReported} was reported committed, the file holds {generation}");
        string[] expected = generation % 2 == 0 ? ["00", "01", "99"] : ["00", "01", "02", "03", "99"];
        Assert.Equal(expected, accounts.Select(a => a.OperatorId));
    }
}
