namespace PosAuth.Storage.Sqlite;

/// <summary>
/// Settings of the SQLite stores. Validated at start-up when registered through
/// <c>UseSqlite</c> (every error in one message).
/// </summary>
/// <remarks>
/// The durability settings are not configurable on purpose: every connection uses WAL with
/// <c>PRAGMA synchronous=FULL</c>, so each commit is flushed to storage before the call returns. In WAL mode
/// <c>NORMAL</c> can lose the last commits on a power cut, and a lost attempt charge would give an attacker a free
/// PIN try; FULL costs one extra fsync per commit and is the point of this package.
/// </remarks>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// The database file. Its directory is created if missing. Required; <c>UseSqlite(path)</c> sets it.
    /// A file that exists but is not a SQLite database is refused and never overwritten. Default: <see langword="null"/>.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// How long a write waits for another connection or process that holds the write lock before failing
    /// (<c>PRAGMA busy_timeout</c>). Default: 5 seconds. Range: 0 to 10 minutes.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The secret key of the audit chain: each audit record stores HMAC-SHA256(key, previous MAC || record).
    /// Someone who can write the database file but does not hold the key cannot alter, insert or delete a record
    /// without <see cref="SqliteAuditStore.VerifyAuditChainAsync(CancellationToken)"/> noticing. Keep it outside the database
    /// (secure element, OS keystore). At least 16 bytes when set.
    /// Default: <see langword="null"/>, which chains plain SHA-256 hashes instead: accidental damage and naive edits
    /// are still detected, but anyone who can write the file can recompute the whole chain after an edit.
    /// </summary>
    public byte[]? AuditChainKey { get; set; }
}
