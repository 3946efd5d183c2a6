using Microsoft.Data.Sqlite;
using PosAuth.Storage.Sqlite.Tests.SignIn;

using static PosAuth.Storage.Sqlite.Tests.Audit.RawAuditFile;

namespace PosAuth.Storage.Sqlite.Tests.Audit;

/// <summary>
/// Schema 6 keeps the audit chain head in the trail's last row (sequence <see cref="long.MaxValue"/>), so an append
/// writes the record and moves the head on one page. The head row is never a record, never deleted, and a trail
/// written under schema 5 (head in <c>audit_chain</c>) keeps verifying, against its old anchors too.
/// </summary>
public sealed class SqliteAuditHeadRowTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static AuditEvent Event(int i) =>
        new(AuditEventType.SignInFailed, new DateTimeOffset(2026, 1, 5, 9, 0, i, TimeSpan.Zero), "T1", "07", null, "wrong_pin", "attempt " + i);

    [Fact]
    public async Task Append_WritesTheRecordAndTheHeadOnOnePage()
    {
        string path = dir.NewDatabasePath();
        using var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });
        await store.AppendAsync(Event(1));

        for (int i = 2; i <= 6; i++)
        {
            long before = SqliteSignInStoreTests.WalFrames(path + "-wal").Frames;
            await store.AppendAsync(Event(i));
            Assert.Equal(1, SqliteSignInStoreTests.WalFrames(path + "-wal").Frames - before);
        }

        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 6, IsKeyed: true), await store.VerifyAuditChainAsync());
    }

    [Fact]
    public async Task HeadRow_IsNeverReadAsARecord_NeverDeleted_AndSurvivesAClear()
    {
        string path = dir.NewDatabasePath();
        using var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });
        for (int i = 1; i <= 3; i++)
        {
            await store.AppendAsync(Event(i));
        }

        Assert.Equal([1L, 2, 3], (await store.ReadAsync()).Select(r => r.Sequence));
        Assert.Empty(await store.ReadAsync(afterSequence: 3));
        Assert.Throws<SqliteException>(() => Execute(path, $"DELETE FROM audit WHERE sequence = {HeadRow}"));
        Assert.Throws<SqliteException>(() => Execute(path, "UPDATE audit SET code = 'edited' WHERE sequence = 2"));

        await store.ClearAsync();
        Assert.Empty(await store.ReadAsync());
        Assert.Equal("1", Scalar(path, $"SELECT COUNT(*) FROM audit WHERE sequence = {HeadRow}"));
        Assert.Equal(4, await store.AppendAsync(Event(4)));
        Assert.Equal([4L], (await store.ReadAsync()).Select(r => r.Sequence));
        Assert.True((await store.VerifyAuditChainAsync()).IsValid);
        Assert.Throws<SqliteException>(() => Execute(path, "DELETE FROM audit WHERE sequence = 4")); // the clear is over
    }

    [Fact]
    public async Task Append_WhenTheHeadRowWasDeletedBehindTheStore_FailsTypedAndWritesNothing()
    {
        string path = dir.NewDatabasePath();
        using var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });
        await store.AppendAsync(Event(1));
        Execute(path, $"DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE sequence = {HeadRow}");

        SqliteStoreException ex = await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.AppendAsync(Event(2)));

        Assert.Equal(SqliteStoreErrorCode.Corrupt, ex.Code);
        Assert.Equal("1", Scalar(path, "SELECT COUNT(*) FROM audit"));
        Assert.Equal(SqliteStoreErrorCode.Corrupt, (await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.VerifyAuditChainAsync())).Code);
    }

    [Fact]
    public async Task Open_SchemaVersion5Trail_MovesItsHeadIntoTheTrail_AndKeepsVerifyingAgainstItsAnchor()
    {
        string path = dir.NewDatabasePath();
        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(5, SqliteSchema.Migrate(raw, AuditChain.For(Key), targetVersion: 5));
        }

        // Three records and their head as the schema-5 code wrote them: the head row in audit_chain, authenticated.
        AuditChain chain = AuditChain.For(Key);
        byte[] last = AppendLegacy(path, chain, [Event(1), Event(2), Event(3)], signHead: true);
        var anchor = new AuditChainHead(1, new byte[32], 3, last, chain.ComputeHeadMac(1, new byte[32], 3, last));

        using var store = new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path, AuditChainKey = Key });

        Assert.Equal("0", Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_chain'"));
        Assert.Equal("3", Scalar(path, $"SELECT last_sequence FROM audit WHERE sequence = {HeadRow}"));
        Assert.Equal(anchor.ToString(), (await store.ExportAuditHeadAsync()).ToString());
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 3, IsKeyed: true), await store.VerifyAuditChainAsync(anchor));
        Assert.Equal(["attempt 1", "attempt 2", "attempt 3"], (await store.ReadAsync()).Select(r => r.Event.Detail));
        Assert.Equal(4, await store.AppendAsync(Event(4)));
        Assert.True((await store.VerifyAuditChainAsync(anchor)).IsValid);
        Assert.Throws<SqliteException>(() => Execute(path, "DELETE FROM audit WHERE sequence = 2")); // the append-only guard came along
    }
}
