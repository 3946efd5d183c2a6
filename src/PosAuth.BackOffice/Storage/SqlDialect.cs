using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PosAuth.BackOffice.Storage;

/// <summary>
/// What differs between the two databases the back office runs on. The statements themselves are shared: both speak
/// <c>INSERT … ON CONFLICT DO NOTHING</c>, <c>RETURNING</c> and <c>LIMIT</c>; flags are integers 0/1 and instants UTC
/// ticks in both, so one mapping reads both.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>Appended to a SELECT that must lock the rows it reads until the transaction ends (PostgreSQL's row lock; SQLite's BEGIN IMMEDIATE already holds the database).</summary>
    public abstract string ForUpdate { get; }

    public abstract string Name { get; }

    public abstract IReadOnlyList<string> Schema { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public abstract ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether the exception is a fault that passes by itself (server away, busy, timeout): the caller fails closed.</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>The table name, qualified by the schema where there is one.</summary>
    public abstract string Table(string name);

    public abstract ValueTask DisposeAsync();
}

internal sealed class PostgreSqlDialect : SqlDialect
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _owns;
    private readonly string _schema;

    public PostgreSqlDialect(NpgsqlDataSource dataSource, bool owns, string schema)
    {
        _dataSource = dataSource;
        _owns = owns;
        _schema = schema;
    }

    public NpgsqlDataSource DataSource => _dataSource;

    public override string ForUpdate => " FOR UPDATE";

    public override string Name => "postgresql";

    public override IReadOnlyList<string> Schema => BackOfficeSchema.Statements(this, binary: "bytea", blobDefault: "'\\x'::bytea");

    public override string Table(string name) => "\"" + _schema + "\"." + name;

    public string SchemaName => _schema;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState is "57014" or "40001" or "40P01" or "55P03" or "25006",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException,
        TimeoutException => true,
        _ => false,
    };

    public override async ValueTask DisposeAsync()
    {
        if (_owns)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}

internal sealed class SqliteDialect : SqlDialect
{
    // A server's writers queue for SQLite's one write lock; under load (a checkpoint's fsync on a busy disk) a queue can
    // stand for seconds. Waiting is the right answer for a back office (requests carry their own deadlines), so the
    // wait for the lock is long: a "database is locked" error is for a writer that never lets go, not for a queue.
    // (PRAGMA busy_timeout in OpenAsync says the same in milliseconds.)
    private const int BusyTimeoutSeconds = 30;

    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = BusyTimeoutSeconds }.ToString();
    }

    public override string ForUpdate => "";

    public override string Name => "sqlite";

    public override IReadOnlyList<string> Schema => BackOfficeSchema.Statements(this, binary: "BLOB", blobDefault: "X''");

    public override string Table(string name) => name;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using DbCommand pragmas = connection.CreateCommand();

        // WAL with synchronous=FULL: a committed charge or credential change is on the disk when the call returns.
        pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE: the write lock is taken at the start, so two writers never interleave a read and a write.
        new(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 } or TimeoutException;

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
