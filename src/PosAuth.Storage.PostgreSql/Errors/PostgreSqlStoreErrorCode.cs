namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// Why a PostgreSQL store cannot work: faults that do not pass by themselves and need a person (faults that do,
/// such as an unreachable server, are <see cref="StoreUnavailableException"/>). The names are stable machine codes.
/// </summary>
public enum PostgreSqlStoreErrorCode
{
    /// <summary>The schema was written by a newer version of PosAuth. The database was not modified.</summary>
    SchemaTooNew = 1,

    /// <summary>The server refused the credentials, or the role lacks a privilege the store needs (SQLSTATE class 28, 42501).</summary>
    AccessDenied = 2,

    /// <summary>The database named in the connection string does not exist (SQLSTATE 3D000).</summary>
    DatabaseNotFound = 3,

    /// <summary>
    /// The server's settings would lose acknowledged writes on a crash (<c>synchronous_commit = off</c> or
    /// <c>fsync = off</c>); a lost attempt charge would give an attacker free guesses, so the store refuses to run.
    /// </summary>
    UnsafeServerSettings = 4,

    /// <summary>
    /// The connection could not be set up for a reason that will not pass by itself: TLS negotiation or certificate
    /// validation failed, or the client configuration is incomplete.
    /// </summary>
    ConnectionRejected = 5,

    /// <summary>The server reported an error the store does not expect (see <see cref="PostgreSqlStoreException.SqlState"/>).</summary>
    ServerError = 6,

    /// <summary>
    /// The site's audit chain head is not authentic under the configured <see cref="PostgreSqlStoreOptions.AuditChainKey"/>
    /// (edited outside the store, or another key), a record sits beyond its authenticated end, or the head went back
    /// behind one this store instance already saw (the trail was rolled back). Nothing was written: verify the chain.
    /// </summary>
    AuditChainBroken = 7,
}
