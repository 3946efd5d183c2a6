using Npgsql;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// Settings of the PostgreSQL stores. Validated at start-up when registered through <c>UsePostgreSql</c>
/// (every error in one message), and when a store is constructed without DI.
/// </summary>
/// <remarks>
/// One database serves a whole chain: every row is keyed by <see cref="Site"/>, and a store instance reads and writes
/// the rows of its own site only. Give every store (门店) its own site id, and every lane of one store the same one.
/// </remarks>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The default <see cref="Schema"/>: <c>posauth</c>.</summary>
    public const string DefaultSchema = "posauth";

    /// <summary>
    /// An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…;SSL Mode=VerifyFull</c>). The stores
    /// build one pooled <see cref="NpgsqlDataSource"/> from it and dispose it with them. Exactly one of
    /// <see cref="ConnectionString"/> and <see cref="DataSource"/> is required. Default: <see langword="null"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// A data source the application owns (and disposes), for example one shared with its own data access or
    /// configured with a client certificate callback. Exactly one of <see cref="ConnectionString"/> and
    /// <see cref="DataSource"/> is required. Default: <see langword="null"/>.
    /// </summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// The site (store, 门店) whose rows this store reads and writes: 1 to 16 ASCII letters or digits, the rule of
    /// operator numbers (<see cref="OperatorIds.IsWellFormed"/>), compared case-sensitively. Required.
    /// Default: <see langword="null"/>.
    /// </summary>
    public string? Site { get; set; }

    /// <summary>
    /// The PostgreSQL schema that holds the PosAuth tables; created on first use if missing. Lower-case ASCII
    /// letters, digits and underscores, starting with a letter or underscore, at most 63 characters.
    /// Default: <see cref="DefaultSchema"/>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// How long one command may run before the store gives up and throws <see cref="StoreUnavailableException"/>
    /// (a lock held elsewhere, an overloaded or unreachable server). Rounded up to whole seconds, Npgsql's resolution.
    /// For a data source the store builds from <see cref="ConnectionString"/> it also bounds opening a connection and
    /// waiting for a free one in the pool. Default: 5 seconds. Range: 1 second to 10 minutes.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The secret key of the audit chain of this site, kept outside the database (HSM, OS keystore). At least 16 bytes
    /// when set. Default: <see langword="null"/> (a plain SHA-256 chain: it detects damage and naive edits, not someone
    /// who can write the database and recompute the chain).
    /// </summary>
    public byte[]? AuditChainKey { get; set; }

    /// <summary>
    /// Whether <c>UsePostgreSql</c> gives the lockout policy the database server's clock (<see cref="PostgreSqlServerClock"/>)
    /// instead of the application's <see cref="TimeProvider"/>, so that every lane of the site measures lock durations
    /// on one timeline: a lock then progresses whichever lane observes it, and no lane's own clock can shorten it.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool UseServerClock { get; set; } = true;

    /// <summary>
    /// How often <see cref="PostgreSqlServerClock"/> samples the server's clock again (between samples it advances by the
    /// local monotonic clock). Default: 1 minute. Range: 1 second to 1 hour.
    /// </summary>
    public TimeSpan ClockResyncInterval { get; set; } = TimeSpan.FromMinutes(1);
}
