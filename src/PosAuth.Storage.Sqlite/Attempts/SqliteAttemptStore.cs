using Microsoft.Data.Sqlite;
using PosAuth.Lockout;
using static PosAuth.Storage.Sqlite.SqliteValues;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An <see cref="IAttemptStore"/> in a SQLite file, safe when several processes share it.
/// <see cref="TryUpdateAsync"/> is one <c>UPDATE attempts SET …, version = @v + 1 WHERE terminal_id = @t AND
/// operator_id = @o AND version = @v</c> and <see cref="TryInsertAsync"/> an insert on the primary key, so the lockout
/// policy's charge-before-verify limit holds across processes. <see cref="TryWriteAsync"/> runs a batch (a subject and
/// its terminal's throttle) in one <c>BEGIN IMMEDIATE</c> transaction: one durable commit, all or nothing. Every commit
/// is synced to storage (WAL, <c>synchronous=FULL</c>) before the task completes: a charged attempt survives a power cut.
/// </summary>
public sealed class SqliteAttemptStore : IAttemptStore, IDisposable
{
    private const string Columns = "terminal_id, operator_id, failure_count, first_failure_at, last_failure_at, lock_started_at, lock_duration, locked_until, temporary_lockout_count, is_permanently_locked, lock_reason, last_seen_at, last_seen_timestamp, clock_epoch, elapsed_since_last_failure, version";
    private static readonly string[] Parameters = ["@t", "@o", "@count", "@first", "@last", "@lockStart", "@lockDuration", "@lockedUntil", "@tempCount", "@permanent", "@reason", "@seenAt", "@seenTs", "@epoch", "@elapsed", "@v"];
    private static readonly string InsertSql = $"INSERT INTO attempts ({Columns}) VALUES ({string.Join(", ", Parameters)}) ON CONFLICT (terminal_id, operator_id) DO NOTHING";
    private const string UpdateSql = """
        UPDATE attempts SET failure_count = @count, first_failure_at = @first, last_failure_at = @last,
            lock_started_at = @lockStart, lock_duration = @lockDuration, locked_until = @lockedUntil,
            temporary_lockout_count = @tempCount, is_permanently_locked = @permanent, lock_reason = @reason,
            last_seen_at = @seenAt, last_seen_timestamp = @seenTs, clock_epoch = @epoch,
            elapsed_since_last_failure = @elapsed, version = @v + 1
        WHERE terminal_id = @t AND operator_id = @o AND version = @v
        """;

    private static readonly string GetSql = $"SELECT {Columns} FROM attempts WHERE terminal_id = ?1 AND operator_id = ?2";
    private static readonly string GetPairSql = $"SELECT {Columns} FROM attempts WHERE (terminal_id = ?1 AND operator_id = ?2) OR (terminal_id = ?3 AND operator_id = ?4)";

    // The same statements with their parameters by index (?1 … ?16 in the order of Parameters), for the raw path.
    private static readonly string IndexedInsertSql = Indexed(InsertSql);
    private static readonly string IndexedUpdateSql = Indexed(UpdateSql);

    // The update that must also find the whole expected record (AttemptWrite.ExpectedRecord): its fields are ?17 … ?29,
    // compared with IS (NULL-safe).
    private static readonly string IndexedExactUpdateSql = IndexedUpdateSql + """

         AND failure_count IS ?17 AND first_failure_at IS ?18 AND last_failure_at IS ?19 AND lock_started_at IS ?20
         AND lock_duration IS ?21 AND locked_until IS ?22 AND temporary_lockout_count IS ?23 AND is_permanently_locked IS ?24
         AND lock_reason IS ?25 AND last_seen_at IS ?26 AND last_seen_timestamp IS ?27 AND clock_epoch IS ?28
         AND elapsed_since_last_failure IS ?29
        """;

    private readonly SqliteStoreConnection _db;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    /// <exception cref="SqliteStoreException">The file is not a usable PosAuth database; it was not modified.</exception>
    public SqliteAttemptStore(SqliteStoreOptions options)
        : this(SqliteStoreConnection.Open(options, store: "attempts"))
    {
    }

    /// <summary>A store over a connection shared with the other stores of the composition (it owns this use of it).</summary>
    internal SqliteAttemptStore(SqliteStoreConnection db) => _db = db;

    /// <summary>This store's use of its connection, for another store of the same file to share.</summary>
    internal SqliteStoreConnection Database => _db;

    /// <inheritdoc />
    public async ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteStatement read = _db.Statement(GetSql);
            try
            {
                read.Bind(1, key.TerminalId);
                read.Bind(2, key.OperatorId);
                return read.Step() ? ReadRecord(read) : null;
            }
            finally
            {
                read.Reset();
            }
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>One statement (one read snapshot): <c>SELECT … WHERE (terminal_id = @t AND operator_id = @o) OR (terminal_id = @t2 AND operator_id = @o2)</c>.</remarks>
    public async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteStatement read = _db.Statement(GetPairSql);
            AttemptRecord? a = null;
            AttemptRecord? b = null;
            try
            {
                read.Bind(1, first.TerminalId);
                read.Bind(2, first.OperatorId);
                read.Bind(3, second.TerminalId);
                read.Bind(4, second.OperatorId);
                while (read.Step())
                {
                    AttemptRecord r = ReadRecord(read);
                    if (r.Key == first)
                    {
                        a = r;
                    }

                    if (r.Key == second)
                    {
                        b = r;
                    }
                }
            }
            finally
            {
                read.Reset();
            }

            return (a, b);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command(InsertSql, Parameters);
            Bind(command, record);
            command.Parameters[^1].Value = 0L;
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command(UpdateSql, Parameters);
            Bind(command, record);
            command.Parameters[^1].Value = expectedVersion;
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 1 && writes[0].ExpectedRecord is null)
        {
            // One record: one statement is already atomic, and autocommit saves the BEGIN/COMMIT round.
            AttemptWrite w = writes[0];
            return w.ExpectedVersion is { } v ? TryUpdateAsync(w.Record, v, cancellationToken) : TryInsertAsync(w.Record, cancellationToken);
        }

        return TryWriteBatchAsync(writes, cancellationToken);
    }

    private async ValueTask<bool> TryWriteBatchAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        foreach (AttemptWrite w in writes)
        {
            ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
        }

        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _db.InImmediateTransaction(() =>
            {
                WriteInTransaction(_db, writes);
                return true;
            });
        }
        catch (BatchConflict)
        {
            return false;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command("DELETE FROM attempts WHERE terminal_id = @t AND operator_id = @o", "@t", "@o");
            command.Parameters[0].Value = key.TerminalId;
            command.Parameters[1].Value = key.OperatorId;
            return command.ExecuteNonQuery() == 1;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _db.Command("DELETE FROM attempts").ExecuteNonQuery();
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>An update with an expected record adds a NULL-safe comparison of every field to its statement.</remarks>
    public bool ComparesExpectedRecords => true;

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();

    /// <summary>
    /// Applies <paramref name="writes"/> on <paramref name="db"/>, inside a <c>BEGIN IMMEDIATE</c> transaction the caller
    /// owns; throws <see cref="BatchConflict"/> (the caller rolls back) when a write finds another version.
    /// </summary>
    internal static void WriteInTransaction(SqliteStoreConnection db, IReadOnlyList<AttemptWrite> writes)
    {
        foreach (AttemptWrite w in writes)
        {
            bool exact = w.ExpectedVersion is not null && w.ExpectedRecord is not null;
            SqliteStatement write = db.Statement(w.ExpectedVersion is null ? IndexedInsertSql : exact ? IndexedExactUpdateSql : IndexedUpdateSql);
            Bind(write, w.Record);
            write.Bind(16, w.ExpectedVersion ?? 0L);
            if (exact)
            {
                AttemptRecord expected = w.ExpectedRecord!;
                if (expected.Key != w.Record.Key || expected.Version != w.ExpectedVersion)
                {
                    // Not the record this write replaces: it cannot be found.
                    throw new BatchConflict();
                }

                BindFields(write, expected, 14);
            }

            if (write.Execute() != 1)
            {
                // Another writer was first: roll the whole batch back.
                throw new BatchConflict();
            }
        }
    }

    /// <summary>Thrown inside a batch's transaction to roll it back when a write finds another version.</summary>
    internal sealed class BatchConflict : Exception;

    private static void Bind(SqliteCommand command, AttemptRecord record)
    {
        SqliteParameterCollection p = command.Parameters;
        p[0].Value = record.Key.TerminalId ?? throw new ArgumentException("The key has no terminal id.", nameof(record));
        p[1].Value = record.Key.OperatorId ?? throw new ArgumentException("The key has no operator id.", nameof(record));
        p[2].Value = (long)record.FailureCount;
        p[3].Value = Db(record.FirstFailureAt);
        p[4].Value = Db(record.LastFailureAt);
        p[5].Value = Db(record.LockStartedAt);
        p[6].Value = record.LockDuration.Ticks;
        p[7].Value = Db(record.LockedUntil);
        p[8].Value = (long)record.TemporaryLockoutCount;
        p[9].Value = Db(record.IsPermanentlyLocked);
        p[10].Value = (long)record.LockReason;
        p[11].Value = Db(record.LastSeenAt);
        p[12].Value = record.LastSeenTimestamp;
        p[13].Value = record.ClockEpoch;
        p[14].Value = record.ElapsedSinceLastFailure.Ticks;
    }

    private static void Bind(SqliteStatement s, AttemptRecord record)
    {
        s.Bind(1, record.Key.TerminalId ?? throw new ArgumentException("The key has no terminal id.", nameof(record)));
        s.Bind(2, record.Key.OperatorId ?? throw new ArgumentException("The key has no operator id.", nameof(record)));
        BindFields(s, record, 0);
    }

    /// <summary>Binds the 13 fields of <paramref name="record"/> after the key, at ?3 … ?15 shifted by <paramref name="shift"/>.</summary>
    private static void BindFields(SqliteStatement s, AttemptRecord record, int shift)
    {
        s.Bind(3 + shift, (long)record.FailureCount);
        s.Bind(4 + shift, record.FirstFailureAt);
        s.Bind(5 + shift, record.LastFailureAt);
        s.Bind(6 + shift, record.LockStartedAt);
        s.Bind(7 + shift, record.LockDuration.Ticks);
        s.Bind(8 + shift, record.LockedUntil);
        s.Bind(9 + shift, (long)record.TemporaryLockoutCount);
        s.Bind(10 + shift, record.IsPermanentlyLocked ? 1L : 0L);
        s.Bind(11 + shift, (long)record.LockReason);
        s.Bind(12 + shift, record.LastSeenAt.UtcTicks);
        s.Bind(13 + shift, record.LastSeenTimestamp);
        s.Bind(14 + shift, record.ClockEpoch);
        s.Bind(15 + shift, record.ElapsedSinceLastFailure.Ticks);
    }

    /// <summary>Replaces the named parameters of <paramref name="sql"/> by their 1-based positions in <see cref="Parameters"/>.</summary>
    private static string Indexed(string sql)
    {
        // Longest names first, so that "@t" never replaces the start of "@tempCount".
        foreach ((string name, int index) in Parameters.Select((n, i) => (n, i + 1)).OrderByDescending(p => p.n.Length))
        {
            sql = System.Text.RegularExpressions.Regex.Replace(sql, System.Text.RegularExpressions.Regex.Escape(name) + @"\b", "?" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sql;
    }

    private static AttemptRecord ReadRecord(SqliteStatement r) => new()
    {
        Key = new AttemptKey(r.Text(0)!, r.Text(1)!),
        FailureCount = r.Int32(2),
        FirstFailureAt = r.NullableInstant(3),
        LastFailureAt = r.NullableInstant(4),
        LockStartedAt = r.NullableInstant(5),
        LockDuration = TimeSpan.FromTicks(r.Int64(6)),
        LockedUntil = r.NullableInstant(7),
        TemporaryLockoutCount = r.Int32(8),
        IsPermanentlyLocked = r.Int64(9) != 0,
        LockReason = (LockReason)r.Int32(10),
        LastSeenAt = r.Instant(11),
        LastSeenTimestamp = r.Int64(12),
        ClockEpoch = r.Int64(13),
        ElapsedSinceLastFailure = TimeSpan.FromTicks(r.Int64(14)),
        Version = r.Int64(15),
    };

    private static AttemptRecord ReadRecord(SqliteDataReader r) => new()
    {
        Key = new AttemptKey(r.GetString(0), r.GetString(1)),
        FailureCount = r.GetInt32(2),
        FirstFailureAt = NullableInstant(r, 3),
        LastFailureAt = NullableInstant(r, 4),
        LockStartedAt = NullableInstant(r, 5),
        LockDuration = TimeSpan.FromTicks(r.GetInt64(6)),
        LockedUntil = NullableInstant(r, 7),
        TemporaryLockoutCount = r.GetInt32(8),
        IsPermanentlyLocked = Bool(r, 9),
        LockReason = (LockReason)r.GetInt32(10),
        LastSeenAt = Instant(r, 11),
        LastSeenTimestamp = r.GetInt64(12),
        ClockEpoch = r.GetInt64(13),
        ElapsedSinceLastFailure = TimeSpan.FromTicks(r.GetInt64(14)),
        Version = r.GetInt64(15),
    };
}
