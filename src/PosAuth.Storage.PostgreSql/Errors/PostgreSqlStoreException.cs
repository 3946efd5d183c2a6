namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL store cannot work until a person fixes something: see <see cref="Code"/>. Faults that pass by
/// themselves (server unreachable, timeout, connection lost) are <see cref="StoreUnavailableException"/> instead.
/// The message never carries the connection string, a password, a PIN or an operator id.
/// </summary>
public sealed class PostgreSqlStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The machine code.</param>
    /// <param name="message">The human description, without secrets or identifiers.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public PostgreSqlStoreException(PostgreSqlStoreErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The machine code.</summary>
    public PostgreSqlStoreErrorCode Code { get; }

    /// <summary>The server's SQLSTATE, when the server reported the error; otherwise <see langword="null"/>.</summary>
    public string? SqlState { get; init; }

    /// <summary>The schema version found in the database, for <see cref="PostgreSqlStoreErrorCode.SchemaTooNew"/>; otherwise 0.</summary>
    public int FoundSchemaVersion { get; init; }

    /// <summary>The newest schema version this code knows, for <see cref="PostgreSqlStoreErrorCode.SchemaTooNew"/>; otherwise 0.</summary>
    public int SupportedSchemaVersion { get; init; }
}
