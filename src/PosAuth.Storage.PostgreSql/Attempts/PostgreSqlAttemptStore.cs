using Npgsql;
using PosAuth.Lockout;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An <see cref="IAttemptStore"/> over the <c>attempts</c> table of one site, shared by every lane (and process) that
/// uses the site. <see cref="TryUpdateAsync"/> is one compare-and-swap statement,
/// <c>UPDATE attempts SET …, version = $v + 1 WHERE site = $1 AND terminal_id = $2 AND operator_id = $3 AND version = $v</c>,
/// and <see cref="TryInsertAsync"/> one <c>INSERT … ON CONFLICT DO NOTHING</c>: of concurrent writers exactly one wins,
/// so the lockout policy's charge-before-verify limit holds across lanes. A write is acknowledged only after the
/// server committed it (the store refuses a server with <c>synchronous_commit = off</c>), and it is never repeated
/// after a lost connection, so a charge is never counted twice by the store.
/// </summary>
public sealed class PostgreSqlAttemptStore : IAttemptStore, IAsyncDisposable, IDisposable
{
    /// <summary>The record columns after <c>site</c>, in <see cref="Bind"/> order (parameters $2…$16).</summary>
    private const string Columns = "terminal_id, operator_id, failure_count, first_failure_at, last_failure_at, lock_started_at, lock_duration, locked_until, temporary_lockout_count, is_permanently_locked, lock_reason, last_seen_at, last_seen_timestamp, clock_epoch, elapsed_since_last_failure";

    // The 13 fields after the key, in the order Bind binds them.
    private static readonly string[] Fields = Columns.Split(", ")[2..];

    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly string _get;
    private readonly string _getPair;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;
    private readonly string _deleteAll;
    private readonly string _table;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _batches = new(StringComparer.Ordinal);

    /// <summary>Creates the store over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first call.</summary>
    /// <param name="options">The settings; <see cref="PostgreSqlStoreOptions.Site"/> and a connection are required.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlAttemptStore(PostgreSqlStoreOptions options)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true)
    {
    }

    internal PostgreSqlAttemptStore(PostgreSqlStoreContext context, bool ownsContext)
    {
        _db = context;
        _ownsContext = ownsContext;
        string t = context.QuotedSchema + ".attempts";
        _table = t;

        // Every write binds the same 16 values ($1 = site, $2…$16 = the record) through Bind, so a future multi-record
        // write (subject and terminal throttle in one statement) can reuse the column list and the binder per row.
        _get = $"SELECT {Columns}, version FROM {t} WHERE site = $1 AND terminal_id = $2 AND operator_id = $3";
        _getPair = $"SELECT {Columns}, version FROM {t} WHERE site = $1 AND (terminal_id, operator_id) IN (($2, $3), ($4, $5))";
        _insert = $"INSERT INTO {t} (site, {Columns}, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0) ON CONFLICT (site, terminal_id, operator_id) DO NOTHING";
        _update = $"""
            UPDATE {t} SET failure_count = $4, first_failure_at = $5, last_failure_at = $6, lock_started_at = $7,
                lock_duration = $8, locked_until = $9, temporary_lockout_count = $10, is_permanently_locked = $11,
                lock_reason = $12, last_seen_at = $13, last_seen_timestamp = $14, clock_epoch = $15,
                elapsed_since_last_failure = $16, version = $17 + 1
            WHERE site = $1 AND terminal_id = $2 AND operator_id = $3 AND version = $17
            """;
        _delete = $"DELETE FROM {t} WHERE site = $1 AND terminal_id = $2 AND operator_id = $3";
        _deleteAll = $"DELETE FROM {t} WHERE site = $1";
    }

    /// <summary>The site whose attempts this store holds.</summary>
    public string Site => _db.Site;

    /// <summary>The shared connection context (tests check that one registration shares one data source).</summary>
    internal PostgreSqlStoreContext Context => _db;

    /// <inheritdoc />
    public async ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        return await _db.ReadAsync(
            (Store: this, Key: key),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._get, c);
                s.Store.BindKey(command.Parameters, s.Key);
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRecord(reader) : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement, one round trip: <c>SELECT … WHERE site = $1 AND (terminal_id, operator_id) IN (($2, $3), ($4, $5))</c>.
    /// Both records are read from one snapshot (the statement's), which is at least as strong as two reads.
    /// </remarks>
    public async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
    {
        return await _db.ReadAsync(
            (Store: this, First: first, Second: second),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._getPair, c);
                s.Store.BindKey(command.Parameters, s.First);
                Text(command.Parameters, s.Second.TerminalId ?? throw new ArgumentException("The key has no terminal id.", nameof(second)));
                Text(command.Parameters, s.Second.OperatorId ?? throw new ArgumentException("The key has no operator id.", nameof(second)));
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                AttemptRecord? a = null;
                AttemptRecord? b = null;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    AttemptRecord r = ReadRecord(reader);
                    if (r.Key == s.First)
                    {
                        a = r;
                    }

                    if (r.Key == s.Second)
                    {
                        b = r;
                    }
                }

                return (a, b);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await _db.WriteAsync(
            (Store: this, Record: record),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._insert, c);
                s.Store.Bind(command.Parameters, s.Record);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await _db.WriteAsync(
            (Store: this, Record: record, Expected: expectedVersion),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._update, c);
                s.Store.Bind(command.Parameters, s.Record);
                Bigint(command.Parameters, s.Expected);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>An update with an expected record adds a NULL-safe comparison of every field to its statement.</remarks>
    public bool ComparesExpectedRecords => true;

    /// <inheritdoc />
    /// <remarks>
    /// A batch of several records is ONE statement, so one round trip and one commit: each record is a data-modifying
    /// common table expression (the compare-and-swap <c>UPDATE … WHERE version = $v</c>, or the
    /// <c>INSERT … ON CONFLICT DO NOTHING</c>), and the final <c>SELECT</c> divides by zero when fewer rows were written
    /// than asked — an error aborts the whole statement, so either every record is written or none is. Under read
    /// committed a writer that waited for another re-checks its version against the committed row, so of racing batches
    /// exactly one applies.
    /// </remarks>
    public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 1 && writes[0].ExpectedRecord is null)
        {
            AttemptWrite w = writes[0];
            return w.ExpectedVersion is { } v ? TryUpdateAsync(w.Record, v, cancellationToken) : TryInsertAsync(w.Record, cancellationToken);
        }

        foreach (AttemptWrite w in writes)
        {
            ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
        }

        return TryWriteBatchAsync(writes, cancellationToken);
    }

    private async ValueTask<bool> TryWriteBatchAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        foreach (AttemptWrite w in writes)
        {
            if (w.ExpectedRecord is { } expected && (expected.Key != w.Record.Key || expected.Version != w.ExpectedVersion))
            {
                // Not the record this write replaces: it cannot be found.
                return false;
            }
        }

        string shape = Shape(writes);
        string sql = _batches.GetOrAdd(shape, BatchSql);
        return await _db.WriteAsync(
            (Store: this, Writes: writes, Sql: sql),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Sql, c);
                foreach (AttemptWrite w in s.Writes)
                {
                    s.Store.BindWrite(command.Parameters, w);
                }

                try
                {
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    return true;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero)
                {
                    // Fewer records matched than the batch has: the statement, and so every write of it, was rolled back.
                    return false;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The all-or-nothing statement of <paramref name="writes"/> (any count, one too) for another store's transaction (the
    /// sign-in store's outcome commit): it aborts the transaction with SQLSTATE 22012 (division by zero) when any write
    /// finds another version.
    /// </summary>
    internal NpgsqlBatchCommand AllOrNothingCommand(IReadOnlyList<AttemptWrite> writes)
    {
        var command = new NpgsqlBatchCommand(_batches.GetOrAdd(Shape(writes), BatchSql));
        foreach (AttemptWrite w in writes)
        {
            ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
            BindWrite(command.Parameters, w);
        }

        return command;
    }

    /// <summary>
    /// The all-or-nothing statement of <paramref name="writes"/> on <paramref name="connection"/>, committed only when the
    /// site's operator <paramref name="operatorId"/> is as <paramref name="expectedRole"/> says (an account of that role,
    /// or none when <see langword="null"/>): otherwise it aborts with SQLSTATE 22012 as on a conflict, and nothing is
    /// written. Its one row is <c>1</c> and then the operator's columns (<see cref="PostgreSqlOperatorStore.AccountColumns"/>,
    /// all NULL when there is no account), read in the statement's own snapshot: the read and the charge are one statement.
    /// </summary>
    internal NpgsqlCommand GuardedChargeCommand(NpgsqlConnection connection, IReadOnlyList<AttemptWrite> writes, string operatorId, OperatorRole? expectedRole)
    {
        string shape = Shape(writes) + (expectedRole is null ? "|none" : "|role");
        NpgsqlCommand command = _db.Command(_batches.GetOrAdd(shape, BatchSql), connection);
        BindWrites(command.Parameters, writes);
        Text(command.Parameters, operatorId);
        if (expectedRole is { } role)
        {
            Integer(command.Parameters, (int)role);
        }

        return command;
    }

    /// <summary>A batch's shape: per record <c>i</c> insert, <c>u</c> update over a version, <c>x</c> update over a whole expected record.</summary>
    internal static string Shape(IReadOnlyList<AttemptWrite> writes) =>
        string.Concat(writes.Select(w => w.ExpectedVersion is null ? 'i' : w.ExpectedRecord is null ? 'u' : 'x'));

    /// <summary>Binds one write in the order of its shape: the record (16), then the expected version, then the expected record's 13 fields.</summary>
    private void BindWrite(NpgsqlParameterCollection p, AttemptWrite w)
    {
        Bind(p, w.Record);
        if (w.ExpectedVersion is { } expected)
        {
            Bigint(p, expected);
            if (w.ExpectedRecord is { } whole)
            {
                BindFields(p, whole);
            }
        }
    }

    /// <summary>
    /// Appends the CTEs <c>w0 AS (…), w1 AS (…)</c> of a batch of the given shape to <paramref name="sql"/>, numbering the
    /// parameters from <c>$</c><paramref name="first"/><c> + 1</c> in the order <see cref="BindWrite"/> binds them; returns the
    /// number of the last parameter used.
    /// </summary>
    private int AppendWriteCtes(System.Text.StringBuilder sql, string shape, int first)
    {
        int b = first; // parameters before this record's: 16 per record ($1 site … $16), and the expected version of an update
        for (int i = 0; i < shape.Length; i++)
        {
            int offset = b;
            string P(int n) => "$" + (offset + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
            b += shape[i] switch { 'i' => 16, 'u' => 17, _ => 30 };
            sql.Append(i == 0 ? "" : ", ").Append('w').Append(i).Append(" AS (");
            if (shape[i] == 'i')
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO {_table} (site, {Columns}, version) VALUES ({string.Join(", ", Enumerable.Range(1, 16).Select(P))}, 0) ON CONFLICT (site, terminal_id, operator_id) DO NOTHING RETURNING 1");
            }
            else
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"UPDATE {_table} SET failure_count = {P(4)}, first_failure_at = {P(5)}, last_failure_at = {P(6)}, lock_started_at = {P(7)}, ")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"lock_duration = {P(8)}, locked_until = {P(9)}, temporary_lockout_count = {P(10)}, is_permanently_locked = {P(11)}, ")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"lock_reason = {P(12)}, last_seen_at = {P(13)}, last_seen_timestamp = {P(14)}, clock_epoch = {P(15)}, ")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"elapsed_since_last_failure = {P(16)}, version = {P(17)} + 1 ")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"WHERE site = {P(1)} AND terminal_id = {P(2)} AND operator_id = {P(3)} AND version = {P(17)}");
                if (shape[i] == 'x')
                {
                    // The whole expected record (its 13 fields after the key, NULL-safe): $18 … $30 of this record.
                    for (int f = 0; f < Fields.Length; f++)
                    {
                        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {Fields[f]} IS NOT DISTINCT FROM {P(18 + f)}");
                    }
                }

                sql.Append(" RETURNING 1");
            }

            sql.Append(')');
        }

        return b;
    }

    /// <summary>
    /// The CTEs of the all-or-nothing writes for another store's statement (the sign-in outcome: the refund in the audit
    /// append's statement), parameters from <c>$</c><paramref name="first"/><c> + 1</c>; <c>Written</c> counts the rows
    /// they wrote, which must be <c>Count</c>. Bind with <see cref="BindWrites"/> after the statement's own parameters.
    /// </summary>
    internal (string Ctes, string Written, int Count) WriteCtes(IReadOnlyList<AttemptWrite> writes, int first)
    {
        string shape = Shape(writes);
        var sql = new System.Text.StringBuilder();
        AppendWriteCtes(sql, shape, first);
        return (sql.ToString(), Written(shape), shape.Length);
    }

    /// <summary>The count of rows the CTEs of a batch of <paramref name="shape"/> wrote.</summary>
    private static string Written(string shape) =>
        string.Join(" + ", Enumerable.Range(0, shape.Length).Select(i => $"(SELECT count(*) FROM w{i})"));

    /// <summary>
    /// The expression that aborts a statement with SQLSTATE 22012 (division by zero), the code a statement uses to say
    /// that a write found another record: <paramref name="written"/> is the written-rows count of <see cref="WriteCtes"/>.
    /// </summary>
    internal static string AbortOnConflict(string written) => $"1 / ({written} - ({written}))";

    /// <summary>Binds <paramref name="writes"/> in the order of <see cref="WriteCtes"/>.</summary>
    internal void BindWrites(NpgsqlParameterCollection p, IReadOnlyList<AttemptWrite> writes)
    {
        foreach (AttemptWrite w in writes)
        {
            ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
            BindWrite(p, w);
        }
    }

    /// <summary>The one statement of a batch of the given shape (<see cref="Shape"/>).</summary>
    private string BatchSql(string key)
    {
        // "<shape>", or "<shape>|role" / "<shape>|none": the operator guard and read of GuardedChargeCommand.
        string[] parts = key.Split('|');
        string shape = parts[0];
        string? guard = parts.Length > 1 ? parts[1] : null;
        var sql = new System.Text.StringBuilder("WITH ");
        int b = AppendWriteCtes(sql, shape, 0);
        string written = Written(shape);
        string condition = written + " = " + shape.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string from = "";
        string read = "";
        if (guard is not null)
        {
            // The operator of the site ($1) with the number after the writes' parameters: that role, or none at all; and
            // its columns, from the same snapshot (a LEFT JOIN: NULLs when there is no account).
            string id = "$" + (b + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            condition += guard == "role"
                ? $" AND o.role IS NOT DISTINCT FROM ${(b + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                : " AND o.operator_id IS NULL";
            read = ", " + string.Join(", ", PostgreSqlOperatorStore.AccountColumns.Split(", ").Select(c => "o." + c));
            from = $" FROM (SELECT 1) AS one LEFT JOIN {_db.QuotedSchema}.operators AS o ON o.site = $1 AND o.operator_id = {id}";
        }

        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" SELECT CASE WHEN {condition} THEN 1 ELSE {AbortOnConflict(written)} END{read}{from}");
        return sql.ToString();
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        return await _db.WriteAsync(
            (Store: this, Key: key),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._delete, c);
                s.Store.BindKey(command.Parameters, s.Key);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Deletes the records of this store's site only.</remarks>
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        await _db.WriteAsync(
            this,
            static async (c, store, ct) =>
            {
                await using NpgsqlCommand command = store._db.Command(store._deleteAll, c);
                Text(command.Parameters, store.Site);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the data source if this store created it.</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => _ownsContext ? _db.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Releases the data source if this store created it.</summary>
    public void Dispose()
    {
        if (_ownsContext)
        {
            _db.Dispose();
        }
    }

    private void BindKey(NpgsqlParameterCollection p, AttemptKey key)
    {
        Text(p, Site);
        Text(p, key.TerminalId ?? throw new ArgumentException("The key has no terminal id.", nameof(key)));
        Text(p, key.OperatorId ?? throw new ArgumentException("The key has no operator id.", nameof(key)));
    }

    private void Bind(NpgsqlParameterCollection p, AttemptRecord r)
    {
        BindKey(p, r.Key);
        BindFields(p, r);
    }

    private static void BindFields(NpgsqlParameterCollection p, AttemptRecord r)
    {
        Integer(p, r.FailureCount);
        Instant(p, r.FirstFailureAt);
        Instant(p, r.LastFailureAt);
        Instant(p, r.LockStartedAt);
        Duration(p, r.LockDuration);
        Instant(p, r.LockedUntil);
        Integer(p, r.TemporaryLockoutCount);
        Boolean(p, r.IsPermanentlyLocked);
        Integer(p, (int)r.LockReason);
        Instant(p, r.LastSeenAt);
        Bigint(p, r.LastSeenTimestamp);
        Bigint(p, r.ClockEpoch);
        Duration(p, r.ElapsedSinceLastFailure);
    }

    private static AttemptRecord ReadRecord(NpgsqlDataReader r) => new()
    {
        Key = new AttemptKey(r.GetString(0), r.GetString(1)),
        FailureCount = r.GetInt32(2),
        FirstFailureAt = NullableInstant(r, 3),
        LastFailureAt = NullableInstant(r, 4),
        LockStartedAt = NullableInstant(r, 5),
        LockDuration = TimeSpan.FromTicks(r.GetInt64(6)),
        LockedUntil = NullableInstant(r, 7),
        TemporaryLockoutCount = r.GetInt32(8),
        IsPermanentlyLocked = r.GetBoolean(9),
        LockReason = (LockReason)r.GetInt32(10),
        LastSeenAt = Instant(r, 11),
        LastSeenTimestamp = r.GetInt64(12),
        ClockEpoch = r.GetInt64(13),
        ElapsedSinceLastFailure = TimeSpan.FromTicks(r.GetInt64(14)),
        Version = r.GetInt64(15),
    };
}

/// <summary>
/// Attempt writes that another store's transaction commits all or nothing (the sign-in outcome): as a statement of its
/// batch (<see cref="Command"/>) or as CTEs of its own statement (<see cref="PostgreSqlAttemptStore.WriteCtes"/>).
/// </summary>
internal readonly record struct PendingAttemptWrites(PostgreSqlAttemptStore Store, IReadOnlyList<AttemptWrite> Writes)
{
    /// <summary>The writes' shape, the key of the statements made for them.</summary>
    public string Shape => PostgreSqlAttemptStore.Shape(Writes);

    /// <summary>The all-or-nothing statement of the writes.</summary>
    public NpgsqlBatchCommand Command() => Store.AllOrNothingCommand(Writes);
}
