using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// A store's use of one open connection, with its prepared commands cached, guarded by an async gate
/// (a <see cref="SqliteConnection"/> is not thread-safe). A store built alone opens its own connection; the stores of
/// one composition (<c>UseSqlite</c>) share one (<see cref="Share"/>): one page cache, no invalidation of the other
/// stores' caches by every commit, one set of file locks per operation. Other compositions and other processes use
/// their own connections; SQLite's file locks (WAL, <c>BEGIN IMMEDIATE</c>, busy timeout) order them.
/// </summary>
/// <remarks>A store method holds the gate for its whole operation and never calls another store's method while
/// holding it (the sign-in store writes the other stores' rows through their static/instance helpers that take the
/// connection): so sharing the gate cannot deadlock.</remarks>
internal sealed class SqliteStoreConnection : IDisposable
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private static int s_initialized;

    private readonly Core _core;
    private readonly string _store;
    private int _released;

    private SqliteStoreConnection(Core core, string store)
    {
        _core = core;
        _store = store;
    }

    /// <summary>The schema version of the database after opening.</summary>
    internal int SchemaVersion => _core.SchemaVersion;

    /// <summary>The raw connection; only use it while holding the gate.</summary>
    internal SqliteConnection Connection => _core.Connection;

    /// <summary>Another store's use of the same connection (and gate); each use is disposed on its own, the connection with the last.</summary>
    internal SqliteStoreConnection Share(string store)
    {
        _core.AddReference();
        return new SqliteStoreConnection(_core, store);
    }

    /// <summary>Opens (creating if needed) and migrates the database of <paramref name="options"/> for the store named <paramref name="store"/> (its spans' <c>posauth.store</c> tag).</summary>
    internal static SqliteStoreConnection Open(SqliteStoreOptions options, int? targetSchemaVersion = null, string store = "sqlite")
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStoreOptionsValidator.ThrowIfInvalid(options);
        SqliteConnection connection = OpenRaw(options.DatabasePath!, options.BusyTimeout);
        try
        {
            int version = Guard(() => SqliteSchema.Migrate(connection, AuditChain.For(options.AuditChainKey), targetSchemaVersion), options.DatabasePath!);
            return new SqliteStoreConnection(new Core(connection, version), store);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a connection with the durability pragmas (WAL, synchronous=FULL, busy timeout), after checking that an
    /// existing file is a SQLite database. Does not migrate.
    /// </summary>
    internal static SqliteConnection OpenRaw(string path, TimeSpan busyTimeout)
    {
        if (Interlocked.Exchange(ref s_initialized, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }

        string fullPath = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(fullPath);
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.CannotOpen, $"Cannot create the directory of the database '{fullPath}'.", ex);
        }

        CheckHeader(fullPath);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            Guard(
                () =>
                {
                    connection.Open();
                    Execute(connection, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");

                    // Reads the header: a damaged or foreign file fails here, before anything is written.
                    Execute(connection, "PRAGMA schema_version");
                    Execute(connection, "PRAGMA journal_mode = WAL");

                    // In WAL mode NORMAL may lose the last commits on power loss; FULL syncs the WAL at every commit,
                    // so a charged attempt survives a power cut.
                    Execute(connection, "PRAGMA synchronous = FULL");
                    return 0;
                },
                fullPath);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs one statement without parameters.</summary>
    internal static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Rolls back if a transaction is open; never throws.</summary>
    internal static void TryRollback(SqliteConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                Execute(connection, "ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // No transaction was open (SQLite rolls back by itself on some errors).
        }
    }

    /// <summary>Runs <paramref name="action"/> and turns SQLite's corruption errors into <see cref="SqliteStoreException"/>.</summary>
    internal static T Guard<T>(Func<T> action, string path)
    {
        try
        {
            return action();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 26)
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.NotADatabase, $"The file '{path}' is not a SQLite database. It was not modified.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.Corrupt, $"The SQLite database '{path}' is damaged (SQLITE_CORRUPT). It was not modified; restore it from a backup or move it away.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 or 8 or 23)
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.CannotOpen, $"Cannot open the SQLite database '{path}' for writing.", ex);
        }
    }

    /// <summary>
    /// Waits for exclusive use of the connection. While someone listens to the <c>PosAuth</c> activity source the lease
    /// carries the store call's span (named after the calling method), from the wait for the gate to the lease's end.
    /// </summary>
    internal ValueTask<Lease> EnterAsync(CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        // Started here, outside an async method, so that it is the current span of the calling store method.
        Activity? activity = SqliteActivities.StartStoreCall(_store, operation);
        return EnterCoreAsync(activity, cancellationToken);
    }

    private async ValueTask<Lease> EnterCoreAsync(Activity? activity, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _core.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SqliteActivities.Fail(activity, ex);
            activity?.Dispose();
            throw;
        }

        if (_core.Disposed || Volatile.Read(ref _released) != 0)
        {
            _core.Gate.Release();
            activity?.Dispose();
            throw new ObjectDisposedException(nameof(SqliteStoreConnection));
        }

        return new Lease(this, activity);
    }

    /// <summary>A cached, prepared command for <paramref name="sql"/> with the named parameters; call while holding the gate.</summary>
    internal SqliteCommand Command(string sql, params ReadOnlySpan<string> parameterNames)
    {
        Dictionary<string, SqliteCommand> commands = _core.Commands;
        if (commands.TryGetValue(sql, out SqliteCommand? command))
        {
            return command;
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        commands[sql] = command;
        return command;
    }

    /// <summary>
    /// A cached statement for <paramref name="sql"/> prepared through SQLitePCL.raw and bound by index
    /// (<see cref="SqliteStatement"/>: the sign-in path's statements); call while holding the gate.
    /// </summary>
    internal SqliteStatement Statement(string sql)
    {
        Dictionary<string, SqliteStatement> statements = _core.Statements;
        if (!statements.TryGetValue(sql, out SqliteStatement? statement))
        {
            statement = new SqliteStatement(Connection, sql);
            statements[sql] = statement;
        }

        return statement;
    }

    /// <summary>Runs <paramref name="body"/> in a <c>BEGIN IMMEDIATE</c> transaction (the write lock is taken first, so no upgrade deadlock).</summary>
    internal T InImmediateTransaction<T>(Func<T> body)
    {
        Statement("BEGIN IMMEDIATE").Execute();
        T result;
        try
        {
            result = body();
        }
        catch
        {
            TryRollback(Connection);
            throw;
        }

        try
        {
            Statement("COMMIT").Execute();
        }
        catch (SqliteException ex)
        {
            // A failed COMMIT can leave the transaction open on the connection (SQLite keeps it open, for example,
            // when a deferred constraint fails or the database is busy): roll it back so the next operation on this
            // connection does not run inside it, and make sure it is closed.
            TryRollback(Connection);
            if (!IsAutocommit(Connection))
            {
                throw new SqliteStoreException(SqliteStoreErrorCode.CommitFailed, "The commit failed and the transaction could not be rolled back; the connection is unusable.", ex);
            }

            if (SqliteFaults.IsTransient(ex.SqliteErrorCode))
            {
                throw new SqliteStoreUnavailableException("The commit failed (the database was busy or the disk failed) and was rolled back; nothing was changed. Try again.", ex.SqliteErrorCode, ex);
            }

            throw new SqliteStoreException(SqliteStoreErrorCode.CommitFailed, $"The commit failed (SQLite error {ex.SqliteErrorCode}) and was rolled back; nothing was changed.", ex);
        }

        return result;
    }

    /// <summary>Whether the connection is outside any transaction (SQLite's autocommit mode).</summary>
    internal static bool IsAutocommit(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _core.Release();
        }
    }

    private static void CheckHeader(string fullPath)
    {
        FileInfo info = new(fullPath);
        if (!info.Exists || info.Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using FileStream stream = new(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.CannotOpen, $"Cannot read the database file '{fullPath}'.", ex);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw new SqliteStoreException(SqliteStoreErrorCode.NotADatabase, $"The file '{fullPath}' is not a SQLite database. It was not modified.");
        }
    }

    /// <summary>Exclusive use of the connection until disposed.</summary>
    internal readonly struct Lease(SqliteStoreConnection owner, Activity? activity) : IDisposable
    {
        /// <summary>The connection.</summary>
        public SqliteStoreConnection Owner { get; } = owner;

        /// <inheritdoc />
        public void Dispose()
        {
            Owner._core.Gate.Release();
            activity?.Dispose();
        }
    }

    /// <summary>The connection, its gate and its prepared commands, shared by the stores' uses; closed with the last use.</summary>
    private sealed class Core(SqliteConnection connection, int schemaVersion)
    {
        private int _references = 1;

        public SqliteConnection Connection { get; } = connection;

        public int SchemaVersion { get; } = schemaVersion;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, SqliteCommand> Commands { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SqliteStatement> Statements { get; } = new(StringComparer.Ordinal);

        public bool Disposed { get; private set; }

        public void AddReference()
        {
            Gate.Wait();
            try
            {
                ObjectDisposedException.ThrowIf(Disposed, this);
                _references++;
            }
            finally
            {
                Gate.Release();
            }
        }

        public void Release()
        {
            Gate.Wait();
            try
            {
                if (Disposed || --_references > 0)
                {
                    return;
                }

                Disposed = true;
                foreach (SqliteCommand command in Commands.Values)
                {
                    command.Dispose();
                }

                Commands.Clear();
                foreach (SqliteStatement statement in Statements.Values)
                {
                    statement.Dispose();
                }

                Statements.Clear();
                Connection.Dispose();
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
