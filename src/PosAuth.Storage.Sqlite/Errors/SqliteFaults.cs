using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// Sorts SQLite's errors: faults that pass by themselves become <see cref="SqliteStoreUnavailableException"/> (callers
/// fail closed and try again later), damage becomes <see cref="SqliteStoreException"/> with its code; anything else
/// (a constraint, a trigger refusing an edit, a bug) stays the original <see cref="SqliteException"/>.
/// </summary>
internal static class SqliteFaults
{
    private const int Busy = 5, Locked = 6, NoMem = 7, IoErr = 10, Corrupt = 11, Full = 13, Protocol = 15, NotADb = 26;

    /// <summary>Whether <see cref="Map"/> turns <paramref name="ex"/> into a typed error.</summary>
    internal static bool IsMapped(SqliteException ex) => IsTransient(ex.SqliteErrorCode) || ex.SqliteErrorCode is Corrupt or NotADb;

    /// <summary>Whether the primary result code is a fault that passes by itself.</summary>
    internal static bool IsTransient(int code) => code is Busy or Locked or NoMem or IoErr or Full or Protocol;

    /// <summary>The typed error for <paramref name="ex"/> (call when <see cref="IsMapped"/>).</summary>
    /// <remarks>The current span (the store call's, when someone listens) is marked failed with the typed error's name.</remarks>
    internal static Exception Map(SqliteException ex)
    {
        Exception mapped = Create(ex);
        System.Diagnostics.Activity.Current?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, mapped.GetType().Name);
        return mapped;
    }

    private static Exception Create(SqliteException ex) => ex.SqliteErrorCode switch
    {
        Busy or Locked => new SqliteStoreUnavailableException(
            "The SQLite database stayed locked by another connection or process past the busy timeout; nothing was changed. Try again.", ex.SqliteErrorCode, ex),
        Corrupt => new SqliteStoreException(SqliteStoreErrorCode.Corrupt, "The SQLite database is damaged (SQLITE_CORRUPT). Restore it from a backup or move it away.", ex),
        NotADb => new SqliteStoreException(SqliteStoreErrorCode.NotADatabase, "The file is not a SQLite database (SQLITE_NOTADB).", ex),
        _ => new SqliteStoreUnavailableException(
            $"The SQLite database reported a transient fault (SQLite error {ex.SqliteErrorCode}); nothing was changed that was not committed. Try again.", ex.SqliteErrorCode, ex),
    };
}
