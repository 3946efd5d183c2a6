using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// One statement of the sign-in path, prepared once on the connection through SQLitePCL.raw (the layer under
/// Microsoft.Data.Sqlite) and bound by index. Microsoft.Data.Sqlite binds every parameter by name, builds a data reader
/// and walks the command text for further statements on every execution: on the sign-in path that was more CPU than
/// SQLite itself (issue 13's profile). Errors are raised as Microsoft.Data.Sqlite's own <see cref="SqliteException"/>
/// (<see cref="SqliteException.ThrowExceptionForRC"/>), so the stores' fault mapping is the same on both paths.
/// </summary>
/// <remarks>
/// Only for statements that run inside <c>BEGIN IMMEDIATE</c> (the write lock is held: no busy wait) or that read
/// (SQLite's busy handler, <c>PRAGMA busy_timeout</c>, waits for a lock). Use it while holding the connection's gate;
/// the statement is always reset before the call returns, so it never holds a read snapshot open.
/// </remarks>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>.</summary>
    internal SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int rc = raw.sqlite3_prepare_v3(_db, sql, (uint)raw.SQLITE_PREPARE_PERSISTENT, out sqlite3_stmt statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new InvalidOperationException("unreachable: ThrowExceptionForRC throws for an error code");
        }

        _statement = statement;
    }

    /// <summary>Binds a 64-bit integer to the 1-based parameter <paramref name="index"/>.</summary>
    internal void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds text, or NULL for <see langword="null"/>.</summary>
    internal void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds an integer, or NULL for <see langword="null"/>.</summary>
    internal void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds an instant as its UTC ticks (the stores' encoding), or NULL.</summary>
    internal void Bind(int index, DateTimeOffset? value) => Bind(index, value?.UtcTicks);

    /// <summary>Binds a blob; an empty one is a zero-length blob, never NULL (as Microsoft.Data.Sqlite binds it).</summary>
    internal void BindBlob(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Steps once: <see langword="true"/> when a row is ready to read. On an error the statement is reset and the error thrown.</summary>
    internal bool Step()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>Runs a statement that returns no rows to the end, resets it, and returns the rows it changed.</summary>
    internal int Execute()
    {
        try
        {
            while (Step())
            {
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Resets the statement (releases its read snapshot); the bindings are kept and overwritten by the next use.</summary>
    internal void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Whether column <paramref name="column"/> (0-based) of the current row is NULL.</summary>
    internal bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>The integer in column <paramref name="column"/>.</summary>
    internal long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>The integer in column <paramref name="column"/>, as a 32-bit integer.</summary>
    internal int Int32(int column) => raw.sqlite3_column_int(_statement, column);

    /// <summary>The text in column <paramref name="column"/>, or <see langword="null"/> for NULL.</summary>
    internal string? Text(int column) => IsNull(column) ? null : raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The instant (UTC ticks) in column <paramref name="column"/>.</summary>
    internal DateTimeOffset Instant(int column) => new(Int64(column), TimeSpan.Zero);

    /// <summary>The instant in column <paramref name="column"/>, or <see langword="null"/> for NULL.</summary>
    internal DateTimeOffset? NullableInstant(int column) => IsNull(column) ? null : Instant(column);

    /// <summary>A copy of the blob in column <paramref name="column"/>; empty for NULL.</summary>
    internal byte[] Blob(int column) => IsNull(column) ? [] : raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>Finalizes the statement (before the connection closes).</summary>
    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
