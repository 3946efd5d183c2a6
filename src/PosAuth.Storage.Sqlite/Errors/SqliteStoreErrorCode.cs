namespace PosAuth.Storage.Sqlite;

/// <summary>Why a SQLite store could not be used. The names are stable machine codes.</summary>
public enum SqliteStoreErrorCode
{
    /// <summary>The file exists but is not a SQLite database. It was left untouched.</summary>
    NotADatabase = 1,

    /// <summary>The file is a SQLite database but damaged (SQLITE_CORRUPT). It was left untouched.</summary>
    Corrupt = 2,

    /// <summary>The database was written by a newer version of PosAuth (its schema version is higher than this code knows).</summary>
    SchemaTooNew = 3,

    /// <summary>The database could not be opened (permissions, a directory in the way, a read-only medium).</summary>
    CannotOpen = 4,

    /// <summary>
    /// The audit chain's head is not authentic under the configured <see cref="SqliteStoreOptions.AuditChainKey"/> (it
    /// was edited outside the store, or the key is wrong), or a record sits beyond its end: the store refuses to
    /// append or clear, so the evidence stays and no sequence number is handed out twice. Verify the chain.
    /// </summary>
    AuditChainBroken = 5,

    /// <summary>A <c>COMMIT</c> failed for a reason that does not pass by itself (e.g. a constraint checked at commit); the transaction was rolled back and nothing was changed.</summary>
    CommitFailed = 6,
}
