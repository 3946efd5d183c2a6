using System.Globalization;
using Microsoft.Data.Sqlite;
using PosAuth.Lockout;

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
    // The 13 fields after the key, in the order of every statement's parameters (?3 … ?15) and of ReadRecord.
    private static readonly string[] Fields = ["failure_count", "first_failure_at", "last_failure_at", "lock_started_at", "lock_duration", "locked_until", "temporary_lockout_count", "is_permanently_locked", "lock_reason", "last_seen_at", "last_seen_timestamp", "clock_epoch", "elapsed_since_last_failure"];
    private static readonly string Columns = $"terminal_id, operator_id, {string.Join(", ", Fields)}, version";

    // Every statement is bound by index (SqliteStatement): ?1 terminal, ?2 operator, ?3 … ?15 the fields, ?16 the
    // version (0 on an insert, the expected one on an update).
    private static readonly string GetSql = $"SELECT {Columns} FROM attempts WHERE terminal_id = ?1 AND operator_id = ?2";
    private static readonly string GetPairSql = $"SELECT {Columns} FROM attempts WHERE (terminal_id = ?1 AND operator_id = ?2) OR (terminal_id = ?3 AND operator_id = ?4)";
    private static readonly string InsertSql = $"INSERT INTO attempts ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, 16).Select(i => "?" + i.ToString(CultureInfo.InvariantCulture)))}) ON CONFLICT (terminal_id, operator_id) DO NOTHING";
    private static readonly string UpdateSql =
        $"UPDATE attempts SET {string.Join(", ", Fields.Select((f, i) => $"{f} = ?{(i + 3).ToString(CultureInfo.InvariantCulture)}"))}, version = ?16 + 1 WHERE terminal_id = ?1 AND operator_id = ?2 AND version = ?16";

    // The update that must also find the whole expected record (AttemptWrite.ExpectedRecord): its fields are ?17 … ?29,
    // compared with IS (NULL-safe).
    private static readonly string ExactUpdateSql =
        UpdateSql + string.Concat(Fields.Select((f, i) => $" AND {f} IS ?{(i + 17).ToString(CultureInfo.InvariantCulture)}"));

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
            return WriteOne(_db, InsertSql, record, 0L);
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
            return WriteOne(_db, UpdateSql, record, expectedVersion);
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
            SqliteStatement write = db.Statement(w.ExpectedVersion is null ? InsertSql : exact ? ExactUpdateSql : UpdateSql);
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

    /// <summary>One write as its own statement (autocommit: one statement is atomic, and SQLite's busy handler waits for the write lock).</summary>
    private static bool WriteOne(SqliteStoreConnection db, string sql, AttemptRecord record, long version)
    {
        SqliteStatement write = db.Statement(sql);
        Bind(write, record);
        write.Bind(16, version);
        return write.Execute() == 1;
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
}
