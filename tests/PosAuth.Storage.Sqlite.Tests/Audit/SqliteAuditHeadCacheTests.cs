using Microsoft.Data.Sqlite;

using static PosAuth.Storage.Sqlite.Tests.Audit.RawAuditFile;

namespace PosAuth.Storage.Sqlite.Tests.Audit;

/// <summary>
/// The audit store remembers the chain head it last wrote and replaces the head row only if the row still holds exactly
/// that head (issue 13: no head read and authentication on every append). These are the attacks on that shortcut: a
/// head moved by another connection, a head edited in one field only, a refused append, a clear. Each must behave as if
/// there were no cache.
/// </summary>
public sealed class SqliteAuditHeadCacheTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 3))];

    private static AuditEvent Event(int i, string terminal = "T1") =>
        new(AuditEventType.SignInFailed, new DateTimeOffset(2026, 1, 5, 9, 0, i % 60, TimeSpan.Zero), terminal, "07", null, "wrong_pin", "attempt " + i);

    private SqliteAuditStore Open(string path) => new(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });

    [Fact]
    public async Task TwoConnections_AppendingInTurn_NumberContiguouslyAndTheChainVerifies()
    {
        string path = dir.NewDatabasePath();
        using SqliteAuditStore a = Open(path);
        using SqliteAuditStore b = Open(path);
        var sequences = new List<long>();
        for (int i = 1; i <= 12; i++)
        {
            // a's remembered head is stale after every append of b, and the other way round.
            sequences.Add(await (i % 3 == 0 ? b : a).AppendAsync(Event(i, i % 3 == 0 ? "T2" : "T1")));
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), sequences);
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 12, IsKeyed: true), await a.VerifyAuditChainAsync());
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 12, IsKeyed: true), await b.VerifyAuditChainAsync());
        Assert.Equal(["T1", "T1", "T2", "T1", "T1", "T2"], (await b.ReadAsync(maxCount: 6)).Select(r => r.Event.TerminalId));
    }

    [Fact]
    public async Task Append_WhenOneFieldOfTheHeadWasEditedBehindTheStore_RefusesAndWritesNothing()
    {
        string path = dir.NewDatabasePath();
        using SqliteAuditStore store = Open(path);
        for (int i = 1; i <= 3; i++)
        {
            await store.AppendAsync(Event(i));
        }

        // Only the start MAC: the head MAC no longer authenticates the row. A shortcut that compared the sequence and
        // the head MAC alone would overwrite the edit with its remembered head and carry on.
        Execute(path, $"UPDATE audit SET start_mac = x'" + new string('A', 64) + $"' WHERE sequence = {HeadRow}");
        SqliteStoreException ex = await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(4)));

        Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, ex.Code);
        Assert.Equal([1L, 2, 3], (await store.ReadAsync()).Select(r => r.Sequence));
        Assert.Equal(AuditChainBreak.HeadTampered, (await store.VerifyAuditChainAsync()).Break);
    }

    [Fact]
    public async Task Append_WhenTheHeadWasRolledBackToAnOlderAuthenticHead_RefusesToRenumber()
    {
        string path = dir.NewDatabasePath();
        using SqliteAuditStore store = Open(path);
        await store.AppendAsync(Event(1));
        await store.AppendAsync(Event(2));
        AuditChainHead older = await store.ExportAuditHeadAsync();
        await store.AppendAsync(Event(3));

        // An authentic head of the same key, two records old: record 3 now lies beyond its end.
        Execute(path, $"UPDATE audit SET start_sequence = {older.FirstSequence}, start_mac = x'{Convert.ToHexString(older.StartMac)}', last_sequence = {older.LastSequence}, last_mac = x'{Convert.ToHexString(older.LastMac)}', head_mac = x'{Convert.ToHexString(older.HeadMac)}' WHERE sequence = {HeadRow}");
        SqliteStoreException ex = await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(4)));

        Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, ex.Code);
        Assert.Equal([1L, 2, 3], (await store.ReadAsync()).Select(r => r.Sequence));
        Assert.Equal("attempt 3", (await store.ReadAsync(afterSequence: 2)).Single().Event.Detail);
    }

    [Fact]
    public async Task Append_AfterARefusedAppendIsRepaired_ContinuesFromTheStoredHead()
    {
        string path = dir.NewDatabasePath();
        using SqliteAuditStore store = Open(path);
        await store.AppendAsync(Event(1));
        await store.AppendAsync(Event(2));

        // A row planted beyond the end: the append is refused and rolled back (its head update too).
        Execute(path, "INSERT INTO audit (sequence, type, timestamp, code, mac) VALUES (3, 1, 0, 'planted', zeroblob(32))");
        Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(3)))).Code);

        // Once the planted row is gone the next append gets sequence 3, linked to record 2: nothing remembered from
        // the refused append survives it.
        Execute(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 3");
        Assert.Equal(3, await store.AppendAsync(Event(4)));
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 3, IsKeyed: true), await store.VerifyAuditChainAsync());
    }

    [Fact]
    public async Task Append_AfterAClearThroughAnotherConnection_LinksAcrossTheClear()
    {
        string path = dir.NewDatabasePath();
        using SqliteAuditStore a = Open(path);
        using SqliteAuditStore b = Open(path);
        await a.AppendAsync(Event(1));
        await a.AppendAsync(Event(2));
        await b.ClearAsync();

        Assert.Equal(3, await a.AppendAsync(Event(3)));
        AuditChainVerification result = await a.VerifyAuditChainAsync();
        Assert.True(result.IsValid);
        Assert.Equal([3L], (await a.ReadAsync()).Select(r => r.Sequence));
    }
}
