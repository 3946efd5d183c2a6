using Microsoft.Data.Sqlite;
using PosAuth.Lockout;

namespace PosAuth.Storage.Sqlite.Tests.Internal;

/// <summary>Real SQLite faults: a COMMIT that fails, and a write lock held by another connection past the busy timeout.</summary>
public sealed class SqliteFaultTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static long Count(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    // A deferred foreign key is checked at COMMIT: the COMMIT fails and SQLite keeps the transaction open.
    [Fact]
    public void InImmediateTransaction_WhenCommitFails_RollsBackThrowsTypedAndTheConnectionStaysUsable()
    {
        using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath() });
        SqliteStoreConnection.Execute(db.Connection, "PRAGMA foreign_keys = ON");
        SqliteStoreConnection.Execute(db.Connection, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
        SqliteStoreConnection.Execute(db.Connection, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");

        SqliteStoreException ex = Assert.Throws<SqliteStoreException>(() => db.InImmediateTransaction(() =>
        {
            SqliteStoreConnection.Execute(db.Connection, "INSERT INTO child (id, parent_id) VALUES (1, 42)");
            return 0;
        }));

        Assert.Equal(SqliteStoreErrorCode.CommitFailed, ex.Code);
        Assert.True(SqliteStoreConnection.IsAutocommit(db.Connection), "the failed transaction is still open on the connection");
        Assert.Equal(0, Count(db.Connection, "SELECT COUNT(*) FROM child"));
        Assert.Equal(1, db.InImmediateTransaction(() =>
        {
            SqliteStoreConnection.Execute(db.Connection, "INSERT INTO parent (id) VALUES (42)");
            SqliteStoreConnection.Execute(db.Connection, "INSERT INTO child (id, parent_id) VALUES (1, 42)");
            return 1;
        }));
        Assert.Equal(1, Count(db.Connection, "SELECT COUNT(*) FROM child"));
    }

    [Fact]
    public async Task EveryWrite_WhenAnotherConnectionHoldsTheWriteLockPastTheBusyTimeout_ThrowsStoreUnavailableAndChangesNothing()
    {
        string path = dir.NewDatabasePath();
        var options = new SqliteStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromMilliseconds(50) };
        using var attempts = new SqliteAttemptStore(options);
        using var operators = new SqliteOperatorStore(options);
        using var audit = new SqliteAuditStore(options);
        AttemptRecord record = new() { Key = new AttemptKey("T1", "01"), LastSeenAt = DateTimeOffset.UnixEpoch };
        Assert.True(await attempts.TryInsertAsync(record, default));
        var account = new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = "$pbkdf2-sha512$i=1000$c2FsdA$aGFzaA", CreatedAt = DateTimeOffset.UnixEpoch };

        using (SqliteConnection other = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            SqliteStoreConnection.Execute(other, "BEGIN IMMEDIATE"); // another process holds the write lock

            SqliteStoreUnavailableException charge = await Assert.ThrowsAsync<SqliteStoreUnavailableException>(async () => await attempts.TryUpdateAsync(record with { FailureCount = 1 }, 0, default));
            Assert.Equal(5, charge.SqliteErrorCode); // SQLITE_BUSY
            Assert.IsAssignableFrom<StoreUnavailableException>(charge);
            await Assert.ThrowsAsync<SqliteStoreUnavailableException>(async () => await operators.ReplaceAllAsync([account]));
            await Assert.ThrowsAsync<SqliteStoreUnavailableException>(async () => await audit.AppendAsync(new PosAuth.AuditEvent(PosAuth.AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T1", "01")));

            SqliteStoreConnection.Execute(other, "ROLLBACK");
        }

        // Nothing was written, and every store works again once the lock is gone.
        Assert.Equal(0, (await attempts.GetAsync(record.Key, default))!.FailureCount);
        Assert.Empty(await operators.ListAsync());
        Assert.Empty(await audit.ReadAsync());
        Assert.True(await attempts.TryUpdateAsync(record with { FailureCount = 1 }, 0, default));
        await operators.ReplaceAllAsync([account]);
        Assert.Equal(1, await audit.AppendAsync(new PosAuth.AuditEvent(PosAuth.AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T1", "01")));
        Assert.True((await audit.VerifyAuditChainAsync()).IsValid);
    }

    [Fact]
    public async Task Read_WhenTheFileWasDamagedUnderAnOpenStore_ThrowsTheTypedCorruptError()
    {
        string path = dir.NewDatabasePath();
        using var store = new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path });
        for (int i = 0; i < 200; i++)
        {
            Assert.True(await store.TryCreateAsync(new OperatorAccount { OperatorId = i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), Role = OperatorRole.Operator, PinHash = new string('x', 200), CreatedAt = DateTimeOffset.UnixEpoch }));
        }

        // Checkpoint into the main file, then overwrite its pages behind the store's back (a failing flash card).
        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            SqliteStoreConnection.Execute(raw, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 4096;
            byte[] junk = new byte[file.Length - 4096];
            Array.Fill(junk, (byte)0xA5);
            file.Write(junk);
        }

        SqliteStoreException ex = await Assert.ThrowsAsync<SqliteStoreException>(async () => await store.ListAsync());
        Assert.Contains(ex.Code, new[] { SqliteStoreErrorCode.Corrupt, SqliteStoreErrorCode.NotADatabase });
    }
}
