using Microsoft.Data.Sqlite;
using PosAuth.Lockout;

namespace PosAuth.Storage.Sqlite.Tests.Internal;

public sealed class SqliteStoreConnectionTests(TempDirectory dir) : IClassFixture<TempDirectory>
{
    private static string Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public void Open_SetsWalSynchronousFullAndBusyTimeout()
    {
        using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath(), BusyTimeout = TimeSpan.FromSeconds(7) });
        Assert.Equal("wal", Scalar(db.Connection, "PRAGMA journal_mode"));
        Assert.Equal("2", Scalar(db.Connection, "PRAGMA synchronous")); // 2 = FULL
        Assert.Equal("7000", Scalar(db.Connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public void Open_WhenDirectoryMissing_CreatesIt()
    {
        string path = Path.Combine(dir.Path, "a", "b", "c", "posauth.db");
        using (new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path }))
        {
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Open_NewDatabase_IsAtLatestSchemaVersion()
    {
        using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath() });
        Assert.Equal(SqliteSchema.LatestVersion, db.SchemaVersion);
        Assert.Equal(SqliteSchema.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(db.Connection, "SELECT MAX(version) FROM posauth_schema"));
    }

    [Fact]
    public async Task Open_OlderSchema_MigratesForwardAndKeepsData()
    {
        string path = dir.NewDatabasePath();
        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(1, SqliteSchema.Migrate(raw, PosAuth.Storage.AuditChain.Unkeyed, targetVersion: 1));
            SqliteStoreConnection.Execute(raw, "INSERT INTO attempts VALUES ('T1', '01', 4, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 6)");
            Assert.Equal("0", Scalar(raw, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_by_operator'"));
        }

        using var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path });
        AttemptRecord? record = await store.GetAsync(new AttemptKey("T1", "01"), default);
        Assert.Equal(4, record!.FailureCount);
        Assert.Equal(6, record.Version);
        using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = path });
        Assert.Equal(SqliteSchema.LatestVersion, db.SchemaVersion);
        Assert.Equal("1", Scalar(db.Connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'installation_secrets'")); // migration 4 ran
        Assert.Equal("0", Scalar(db.Connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_by_operator'")); // 2 made it, 5 dropped it
    }

    [Fact]
    public void Open_SchemaVersion4Database_DropsTheUnusedAuditIndex_AndKeepsTheTrail()
    {
        string path = dir.NewDatabasePath();
        using (SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(4, SqliteSchema.Migrate(raw, PosAuth.Storage.AuditChain.Unkeyed, targetVersion: 4));
            Assert.Equal("1", Scalar(raw, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_by_operator'"));
        }

        using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = path });

        Assert.Equal(SqliteSchema.LatestVersion, db.SchemaVersion);
        Assert.Equal("0", Scalar(db.Connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit'"));
        Assert.Equal("1", Scalar(db.Connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_no_delete'")); // the append-only guard stays
    }

    [Fact]
    public void Open_TwiceConcurrently_MigratesOnce()
    {
        string path = dir.NewDatabasePath();
        Parallel.For(0, 4, _ =>
        {
            using SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = path });
        });
        using SqliteStoreConnection check = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = path });
        Assert.Equal(SqliteSchema.Migrations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(check.Connection, "SELECT COUNT(*) FROM posauth_schema"));
    }

    [Fact]
    public void Open_NewerSchema_ThrowsSchemaTooNewAndChangesNothing()
    {
        string path = dir.NewDatabasePath();
        using (SqliteStoreConnection db = SqliteStoreConnection.Open(new SqliteStoreOptions { DatabasePath = path }))
        {
            SqliteStoreConnection.Execute(db.Connection, "INSERT INTO posauth_schema (version, description) VALUES (99, 'from the future')");
        }

        SqliteStoreException ex = Assert.Throws<SqliteStoreException>(() => new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path }));
        Assert.Equal(SqliteStoreErrorCode.SchemaTooNew, ex.Code);
        Assert.Equal(99, ex.FoundSchemaVersion);
        Assert.Equal(SqliteSchema.LatestVersion, ex.SupportedSchemaVersion);

        using SqliteConnection raw = SqliteStoreConnection.OpenRaw(path, TimeSpan.FromSeconds(5));
        Assert.Equal("99", Scalar(raw, "SELECT MAX(version) FROM posauth_schema"));
    }

    [Fact]
    public void Open_GarbageFile_ThrowsNotADatabaseAndNeverOverwrites()
    {
        string path = dir.NewDatabasePath();
        byte[] garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        SqliteStoreException ex = Assert.Throws<SqliteStoreException>(() => new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path }));
        Assert.Equal(SqliteStoreErrorCode.NotADatabase, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Open_ShortTextFile_ThrowsNotADatabaseAndNeverOverwrites()
    {
        string path = dir.NewDatabasePath();
        File.WriteAllText(path, "operators.csv\n01,1234\n");
        byte[] before = File.ReadAllBytes(path);
        Assert.Equal(SqliteStoreErrorCode.NotADatabase, Assert.Throws<SqliteStoreException>(() => new SqliteAuditStore(new SqliteStoreOptions { DatabasePath = path })).Code);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_SqliteHeaderWithDamagedBody_ThrowsTypedErrorAndNeverOverwrites()
    {
        string path = dir.NewDatabasePath();
        using (new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path }))
        {
        }

        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 100; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        File.WriteAllBytes(path, bytes);
        SqliteStoreException ex = Assert.Throws<SqliteStoreException>(() => new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path }));
        Assert.Contains(ex.Code, new[] { SqliteStoreErrorCode.Corrupt, SqliteStoreErrorCode.NotADatabase });
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Open_EmptyFile_BecomesADatabase()
    {
        string path = dir.NewDatabasePath();
        File.WriteAllBytes(path, []);
        using var store = new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = path });
        Assert.True(await store.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = "h" }));
    }

    [Fact]
    public void Open_InvalidOptions_ReportsEveryErrorAtOnce()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new SqliteOperatorStore(new SqliteStoreOptions { DatabasePath = " ", BusyTimeout = TimeSpan.FromSeconds(-1), AuditChainKey = new byte[8] }));
        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public async Task Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath() });
        store.Dispose();
        store.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.GetAsync(new AttemptKey("T", "01"), default));
    }
}
