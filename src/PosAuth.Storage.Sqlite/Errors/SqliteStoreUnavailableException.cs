namespace PosAuth.Storage.Sqlite;

/// <summary>
/// The SQLite database could not answer for a reason expected to pass by itself: it stayed locked by another
/// connection or process past <see cref="SqliteStoreOptions.BusyTimeout"/> (SQLITE_BUSY, SQLITE_LOCKED), or the
/// operating system reported a transient fault (SQLITE_IOERR, SQLITE_FULL, SQLITE_NOMEM, SQLITE_PROTOCOL). Nothing was
/// written that the store did not report committed. A <see cref="StoreUnavailableException"/>, so callers fail closed
/// (a sign-in is then neither a success nor a wrong PIN). Permanent faults — not a database, corrupt, a newer schema —
/// are a <see cref="SqliteStoreException"/> instead.
/// </summary>
public sealed class SqliteStoreUnavailableException : StoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed (no path, PIN or identifier).</param>
    /// <param name="sqliteErrorCode">The primary SQLite result code (5 busy, 6 locked, 10 I/O error, ...).</param>
    /// <param name="innerException">SQLite's own error.</param>
    public SqliteStoreUnavailableException(string message, int sqliteErrorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        SqliteErrorCode = sqliteErrorCode;
    }

    /// <summary>The primary SQLite result code (5 SQLITE_BUSY, 6 SQLITE_LOCKED, 7 SQLITE_NOMEM, 10 SQLITE_IOERR, 13 SQLITE_FULL, 15 SQLITE_PROTOCOL).</summary>
    public int SqliteErrorCode { get; }
}
