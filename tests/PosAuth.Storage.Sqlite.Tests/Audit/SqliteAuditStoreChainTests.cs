using Microsoft.Data.Sqlite;
using PosAuth.Audit;

namespace PosAuth.Storage.Sqlite.Tests.Audit;

public sealed class SqliteAuditStoreChainTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static AuditEvent Event(int i) =>
        new(AuditEventType.SignInFailed, new DateTimeOffset(2026, 1, 5, 9, 0, i, TimeSpan.Zero), "T1", "07", null, "wrong_pin", "attempt " + i);

    private async Task<(SqliteAuditStore Store, string Path)> StoreWithRecordsAsync(int count, byte[]? key = null)
    {
        string path = dir.NewDatabasePath();
        var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = key });
        for (int i = 1; i <= count; i++)
        {
            await store.AppendAsync(Event(i));
        }

        return (store, path);
    }

    private static void Raw(string path, string sql)
    {
        using SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5));
        SqliteStoreConnection.Execute(raw, sql);
    }

    [Fact]
    public async Task Verify_WhenUntouched_IsValid()
    {
        (SqliteAuditStore store, _) = await StoreWithRecordsAsync(5, Key);
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 5, IsKeyed: true), result);
        }
    }

    [Fact]
    public async Task Verify_WhenEmpty_IsValid()
    {
        (SqliteAuditStore store, _) = await StoreWithRecordsAsync(0);
        using (store)
        {
            Assert.True((await store.VerifyAuditChainAsync()).IsValid);
        }
    }

    [Fact]
    public async Task RawUpdate_IsRefusedByTheAppendOnlyTrigger()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(3, Key);
        store.Dispose();
        SqliteException ex = Assert.Throws<SqliteException>(() => Raw(path, "UPDATE audit SET code = 'ok' WHERE sequence = 2"));
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => Raw(path, "DELETE FROM audit WHERE sequence = 2"));
    }

    [Fact]
    public async Task Verify_WhenRowTamperedWithRawSql_ReportsThatSequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Raw(path, "DROP TRIGGER audit_no_update; UPDATE audit SET code = 'sign_in_ok' WHERE sequence = 3");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.False(result.IsValid);
            Assert.Equal(3, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.Tampered, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WhenTimestampTampered_ReportsThatSequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(4);
        Raw(path, "DROP TRIGGER audit_no_update; UPDATE audit SET timestamp = timestamp + 1 WHERE sequence = 4");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal((false, 4L, AuditChainBreak.Tampered), (result.IsValid, result.FirstBrokenSequence!.Value, result.Break));
            Assert.False(result.IsKeyed);
        }
    }

    [Fact]
    public async Task Verify_WhenMiddleRowDeleted_ReportsTheMissingSequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Raw(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 4");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.False(result.IsValid);
            Assert.Equal(4, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.Missing, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WhenLastRowDeleted_ReportsTheMissingSequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(5, Key);
        Raw(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 5");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal(5, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.Missing, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WhenRowInsertedBeyondTheEnd_ReportsIt()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(2, Key);
        Raw(path, "INSERT INTO audit (sequence, type, timestamp, mac) VALUES (3, 0, 0, zeroblob(32))");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal(3, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.Unexpected, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WithAnotherKey_ReportsTheFirstRecord()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(3, Key);
        store.Dispose();
        byte[] otherKey = [.. Key.Reverse()];
        using var other = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = otherKey });
        AuditChainVerification result = await other.VerifyAuditChainAsync();
        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal(AuditChainBreak.Tampered, result.Break);
    }

    [Fact]
    public async Task Verify_AfterClearAndMoreAppends_IsValidAndLinksAcrossTheClear()
    {
        (SqliteAuditStore store, _) = await StoreWithRecordsAsync(3, Key);
        using (store)
        {
            await store.ClearAsync();
            Assert.Equal(4, await store.AppendAsync(Event(4)));
            Assert.Equal(5, await store.AppendAsync(Event(5)));
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.True(result.IsValid);
            Assert.Equal(2, result.RecordsChecked);
        }
    }

    [Fact]
    public async Task Verify_WhenCancelled_Throws()
    {
        (SqliteAuditStore store, _) = await StoreWithRecordsAsync(1);
        using (store)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.VerifyAuditChainAsync(new CancellationToken(true)));
        }
    }
}
