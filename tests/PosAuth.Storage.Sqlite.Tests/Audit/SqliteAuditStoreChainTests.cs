using Microsoft.Data.Sqlite;

using static PosAuth.Storage.Sqlite.Tests.Audit.RawAuditFile;

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
        SqliteException ex = Assert.Throws<SqliteException>(() => Execute(path, "UPDATE audit SET code = 'ok' WHERE sequence = 2"));
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => Execute(path, "DELETE FROM audit WHERE sequence = 2"));
    }

    [Fact]
    public async Task Verify_WhenRowTamperedWithRawSql_ReportsThatSequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Execute(path, "DROP TRIGGER audit_no_update; UPDATE audit SET code = 'sign_in_ok' WHERE sequence = 3");
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
        Execute(path, "DROP TRIGGER audit_no_update; UPDATE audit SET timestamp = timestamp + 1 WHERE sequence = 4");
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
        Execute(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 4");
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
        Execute(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = 5");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal(5, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.TruncatedTail, result.Break);
        }
    }

    // The attack of the review: delete records from the end and copy the last surviving row's MAC into the head.
    [Fact]
    public async Task Verify_WhenTailDeletedAndHeadRewrittenToTheLastSurvivingRow_ReportsAForgedHead()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Execute(path, $"DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence >= 5 AND sequence < {HeadRow}; UPDATE audit SET last_sequence = 4, last_mac = (SELECT mac FROM audit WHERE sequence = 4) WHERE sequence = {HeadRow}");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.False(result.IsValid);
            Assert.Equal(AuditChainBreak.HeadTampered, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WhenHeadRecordsDeletedAndStartMovedToTheFirstSurvivingRow_ReportsAForgedHead()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Execute(path, $"DROP TRIGGER audit_no_delete; UPDATE audit SET start_sequence = 3, start_mac = (SELECT mac FROM audit WHERE sequence = 2) WHERE sequence = {HeadRow}; DELETE FROM audit WHERE sequence <= 2");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.False(result.IsValid);
            Assert.Equal(AuditChainBreak.HeadTampered, result.Break);
        }
    }

    [Fact]
    public async Task Verify_WhenFirstRecordsDeletedAndHeadLeftAlone_ReportsATruncatedHead()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Execute(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence <= 2");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal((false, 1L, AuditChainBreak.TruncatedHead), (result.IsValid, result.FirstBrokenSequence!.Value, result.Break));
        }
    }

    [Fact]
    public async Task Append_AfterTheTailWasTruncatedAndTheHeadRewritten_RefusesAndNeverReusesASequence()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(6, Key);
        Execute(path, $"DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence >= 5 AND sequence < {HeadRow}; UPDATE audit SET last_sequence = 4, last_mac = (SELECT mac FROM audit WHERE sequence = 4) WHERE sequence = {HeadRow}");
        using (store)
        {
            SqliteStoreException ex = await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(7)));
            Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, ex.Code);
            Assert.Equal([1L, 2, 3, 4], (await store.ReadAsync()).Select(r => r.Sequence));
            Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.ClearAsync())).Code);
            Assert.Equal(AuditChainBreak.HeadTampered, (await store.VerifyAuditChainAsync()).Break);
        }
    }

    [Fact]
    public async Task Verify_AgainstAnExportedHead_DetectsARollbackToAnOlderCopyAndARecreatedFile()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(3, Key);
        string copy = path + ".old";
        store.Dispose();
        File.Copy(path, copy);
        if (File.Exists(path + "-wal"))
        {
            File.Copy(path + "-wal", copy + "-wal", overwrite: true);
        }
        using (var reopened = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key }))
        {
            await reopened.AppendAsync(Event(4));
            AuditChainHead anchor = await reopened.ExportAuditHeadAsync();
            Assert.True(AuditChainHead.TryParse(anchor.ToString(), out AuditChainHead? parsed));
            Assert.True((await reopened.VerifyAuditChainAsync(parsed)).IsValid);
            await reopened.AppendAsync(Event(5));
            Assert.True((await reopened.VerifyAuditChainAsync(parsed)).IsValid);

            // The older copy (records 1-3 with their genuine head) verifies on its own, but not against the anchor.
            using var rolledBack = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = copy, AuditChainKey = Key });
            Assert.True((await rolledBack.VerifyAuditChainAsync()).IsValid);
            Assert.Equal(AuditChainBreak.RolledBack, (await rolledBack.VerifyAuditChainAsync(parsed)).Break);

            // The file deleted and a new trail written in its place, as long as the old one: a different chain.
            using var recreated = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath(), AuditChainKey = Key });
            for (int i = 1; i <= 6; i++)
            {
                await recreated.AppendAsync(Event(i) with { Code = "sign_in_ok" });
            }

            Assert.True((await recreated.VerifyAuditChainAsync()).IsValid);
            Assert.Equal(AuditChainBreak.RolledBack, (await recreated.VerifyAuditChainAsync(parsed)).Break);
        }
    }

    [Fact]
    public async Task Open_SchemaVersion2Database_SignsItsHeadOnceAndKeepsVerifying()
    {
        string path = dir.NewDatabasePath();
        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            SqliteSchema.Migrate(raw, AuditChain.For(Key), targetVersion: 2);
        }

        // Records written by the version-2 code: the same record MACs, an unauthenticated head.
        AppendLegacy(path, AuditChain.For(Key), [Event(1), Event(2), Event(3)], signHead: false);

        using var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 3, IsKeyed: true), await store.VerifyAuditChainAsync());
        Assert.Equal(4, await store.AppendAsync(Event(4)));
        Assert.True((await store.VerifyAuditChainAsync()).IsValid);
    }

    [Fact]
    public async Task Verify_WhenRowInsertedBeyondTheEnd_ReportsIt()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(2, Key);
        Execute(path, "INSERT INTO audit (sequence, type, timestamp, mac) VALUES (3, 0, 0, zeroblob(32))");
        using (store)
        {
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal(3, result.FirstBrokenSequence);
            Assert.Equal(AuditChainBreak.Unexpected, result.Break);
            Assert.Equal(SqliteStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(3)))).Code);
        }
    }

    [Fact]
    public async Task Verify_WithAnotherKey_ReportsAForgedHead()
    {
        (SqliteAuditStore store, string path) = await StoreWithRecordsAsync(3, Key);
        store.Dispose();
        byte[] otherKey = [.. Key.Reverse()];
        using var other = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = otherKey });
        AuditChainVerification result = await other.VerifyAuditChainAsync();
        Assert.Null(result.FirstBrokenSequence);
        Assert.Equal(AuditChainBreak.HeadTampered, result.Break);
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
