namespace PosAuth.Storage.Sqlite;

/// <summary>
/// A SQLite store cannot use its database file: see <see cref="Code"/>. The file is never modified or replaced
/// when this is thrown while opening it.
/// </summary>
public sealed class SqliteStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The machine code.</param>
    /// <param name="message">The human description.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SqliteStoreException(SqliteStoreErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The machine code.</summary>
    public SqliteStoreErrorCode Code { get; }

    /// <summary>The schema version found in the file, for <see cref="SqliteStoreErrorCode.SchemaTooNew"/>; otherwise 0.</summary>
    public int FoundSchemaVersion { get; init; }

    /// <summary>The newest schema version this code knows, for <see cref="SqliteStoreErrorCode.SchemaTooNew"/>; otherwise 0.</summary>
    public int SupportedSchemaVersion { get; init; }
}
