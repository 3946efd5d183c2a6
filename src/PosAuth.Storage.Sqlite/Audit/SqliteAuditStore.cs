using Microsoft.Data.Sqlite;
using static PosAuth.Storage.Sqlite.SqliteValues;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An append-only, tamper-evident <see cref="IAuditStore"/> in a SQLite file, on the storage-neutral
/// <see cref="AuditChain"/> (the same chain as every PosAuth store): each record stores a MAC chained to the previous
/// record's (HMAC-SHA256 with <see cref="SqliteStoreOptions.AuditChainKey"/>, or SHA-256 without a key), and the
/// trail's last row (above every record, so an append touches one page) holds the authenticated <see cref="AuditChainHead"/>. <see cref="VerifyAuditChainAsync(CancellationToken)"/>
/// reports a forged head and the first altered, missing or inserted record, including records deleted from either end.
/// Triggers refuse <c>UPDATE</c> and <c>DELETE</c> on the table outside <see cref="ClearAsync"/>. Append reads the head,
/// inserts and moves the head in one <c>BEGIN IMMEDIATE</c> transaction, so sequences are gap-free across processes
/// and never reused.
/// </summary>
public sealed class SqliteAuditStore : IAuditStore, IDisposable
{
    private const string Columns = "sequence, type, timestamp, terminal_id, operator_id, actor_id, code, detail, mac";

    private static readonly string InsertSql = $"INSERT INTO audit ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (sequence) DO NOTHING";
    private const string ReplaceHeadSql = $"""
        UPDATE audit SET start_sequence = ?1, start_mac = ?2, last_sequence = ?3, last_mac = ?4, head_mac = ?5
        WHERE sequence = {SqliteSchema.HeadRowSql} AND start_sequence = ?6 AND start_mac = ?7 AND last_sequence = ?8 AND last_mac = ?9 AND head_mac = ?10
        """;

    private readonly SqliteStoreConnection _db;
    private readonly AuditChain _chain;

    // The head this store last wrote (read and written under the connection's gate); see AppendInTransaction.
    private AuditChainHead? _head;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    /// <exception cref="SqliteStoreException">The file is not a usable PosAuth database; it was not modified.</exception>
    public SqliteAuditStore(SqliteStoreOptions options)
        : this(SqliteStoreConnection.Open(options, store: "audit"), options)
    {
    }

    /// <summary>A store over a connection shared with the other stores of the composition (it owns this use of it).</summary>
    internal SqliteAuditStore(SqliteStoreConnection db, SqliteStoreOptions options)
    {
        _db = db;
        _chain = AuditChain.For(options.AuditChainKey);
    }

    /// <summary>This store's use of its connection, for another store of the same file to share.</summary>
    internal SqliteStoreConnection Database => _db;

    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _db.InImmediateTransaction(() => AppendInTransaction(_db, auditEvent));
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteCommand command = _db.Command($"SELECT {Columns} FROM audit WHERE sequence > @after AND {SqliteSchema.RecordsOnly} ORDER BY sequence LIMIT @max", "@after", "@max");
            command.Parameters[0].Value = afterSequence;
            command.Parameters[1].Value = (long)maxCount;
            var records = new List<AuditRecord>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new AuditRecord(reader.GetInt64(0), ReadEvent(reader)));
            }

            return records;
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>Sequence numbers continue after a clear, and the chain links the first new record to the last cleared one.</remarks>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _db.InImmediateTransaction(() =>
            {
                AuditChainHead next = _chain.Clear(AuthenticHead());
                _db.Command($"UPDATE audit SET clearing = 1 WHERE sequence = {SqliteSchema.HeadRowSql}").ExecuteNonQuery();
                _db.Command($"DELETE FROM audit WHERE {SqliteSchema.RecordsOnly}").ExecuteNonQuery();
                _db.Command($"UPDATE audit SET clearing = 0 WHERE sequence = {SqliteSchema.HeadRowSql}").ExecuteNonQuery();
                WriteHead(next);
                return 0;
            });
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>
    /// Recomputes the chain over the whole trail and reports a forged head and the first record that was altered,
    /// deleted (from the middle, the start or the end) or inserted outside this store. Without
    /// <see cref="SqliteStoreOptions.AuditChainKey"/> the chain is plain SHA-256: it detects damage and naive edits, not
    /// someone who recomputes the chain. Putting back an older copy of the whole file, or deleting it, is detected only
    /// against an anchor: see <see cref="VerifyAuditChainAsync(AuditChainHead, CancellationToken)"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result, naming the first broken sequence when invalid.</returns>
    public ValueTask<AuditChainVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default) => VerifyCoreAsync(null, cancellationToken);

    /// <summary>
    /// Verifies the chain as <see cref="VerifyAuditChainAsync(CancellationToken)"/> does, and also that it extends
    /// <paramref name="anchor"/>, a head exported earlier with <see cref="ExportAuditHeadAsync"/> and kept outside this
    /// file (back office, another medium). A trail rolled back to an older copy, replaced, or recreated after the file
    /// was deleted is then reported as <see cref="AuditChainBreak.RolledBack"/>.
    /// </summary>
    /// <param name="anchor">The earlier head.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result.</returns>
    public ValueTask<AuditChainVerification> VerifyAuditChainAsync(AuditChainHead anchor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return VerifyCoreAsync(anchor, cancellationToken);
    }

    /// <summary>
    /// The current chain head, to keep outside the file as an anchor (<see cref="AuditChainHead.ToString"/> gives one
    /// line of text; nothing in it is secret). Export it regularly (e.g. with every back-office upload) and pass the last
    /// one to <see cref="VerifyAuditChainAsync(AuditChainHead, CancellationToken)"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head.</returns>
    public async ValueTask<AuditChainHead> ExportAuditHeadAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return SqliteSchema.ReadHead(_db.Connection);
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();

    private async ValueTask<AuditChainVerification> VerifyCoreAsync(AuditChainHead? anchor, CancellationToken cancellationToken)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {

            // One read transaction: the head and the records come from the same snapshot.
            SqliteStoreConnection.Execute(_db.Connection, "BEGIN");
            try
            {
                AuditChainHead head = SqliteSchema.ReadHead(_db.Connection);
                using SqliteDataReader reader = _db.Command($"SELECT {Columns} FROM audit WHERE {SqliteSchema.RecordsOnly} ORDER BY sequence").ExecuteReader();
                return _chain.Verify(head, Records(reader), anchor, cancellationToken);
            }
            finally
            {
                SqliteStoreConnection.TryRollback(_db.Connection);
            }
        }
        catch (SqliteException ex) when (SqliteFaults.IsMapped(ex))
        {
            throw SqliteFaults.Map(ex);
        }
    }

    private static IEnumerable<AuditChainRecord> Records(SqliteDataReader reader)
    {
        while (reader.Read())
        {
            yield return new AuditChainRecord(reader.GetInt64(0), ReadEvent(reader), (byte[])reader.GetValue(8));
        }
    }

    /// <summary>
    /// Appends <paramref name="auditEvent"/> on <paramref name="db"/>, which must be inside a <c>BEGIN IMMEDIATE</c>
    /// transaction on this store's file (this store's own connection, or the sign-in store's, which commits the audit
    /// together with the attempt writes).
    /// </summary>
    internal long AppendInTransaction(SqliteStoreConnection db, AuditEvent auditEvent)
    {
        // The head this store last wrote, if any, saves reading and authenticating the head row on every append: the
        // head is then replaced only if the row still holds exactly that head (a conditional UPDATE), so a head moved
        // by another connection, a clear, or a rolled-back append is never overwritten; then the row is read and
        // authenticated as before. The cache can only make an append faster, never different.
        AuditChainHead? cached = _head;
        (long sequence, byte[] mac, AuditChainHead next) = _chain.Append(cached ?? AuthenticHead(db), auditEvent);
        if (cached is null || !ReplaceHead(db, cached, next))
        {
            if (cached is not null)
            {
                (sequence, mac, next) = _chain.Append(AuthenticHead(db), auditEvent);
            }

            WriteHead(db, next);
        }

        _head = next;
        SqliteStatement insert = db.Statement(InsertSql);
        insert.Bind(1, sequence);
        insert.Bind(2, (long)auditEvent.Type);
        insert.Bind(3, auditEvent.Timestamp.UtcTicks);
        insert.Bind(4, auditEvent.TerminalId);
        insert.Bind(5, auditEvent.OperatorId);
        insert.Bind(6, auditEvent.ActorId);
        insert.Bind(7, auditEvent.Code);
        insert.Bind(8, auditEvent.Detail);
        insert.BindBlob(9, mac);
        if (insert.Execute() != 1)
        {
            // A row beyond the authenticated end was written outside the store: never overwrite or renumber it.
            _head = null;
            throw new SqliteStoreException(
                SqliteStoreErrorCode.AuditChainBroken,
                "The audit trail holds a record beyond its authenticated end (inserted outside the store); nothing was appended. Verify the chain.");
        }

        return sequence;
    }

    /// <summary>Replaces the head row by <paramref name="next"/> only if it holds exactly <paramref name="expected"/>.</summary>
    private static bool ReplaceHead(SqliteStoreConnection db, AuditChainHead expected, AuditChainHead next)
    {
        SqliteStatement update = db.Statement(ReplaceHeadSql);
        update.Bind(1, next.FirstSequence);
        update.BindBlob(2, next.StartMac);
        update.Bind(3, next.LastSequence);
        update.BindBlob(4, next.LastMac);
        update.BindBlob(5, next.HeadMac);
        update.Bind(6, expected.FirstSequence);
        update.BindBlob(7, expected.StartMac);
        update.Bind(8, expected.LastSequence);
        update.BindBlob(9, expected.LastMac);
        update.BindBlob(10, expected.HeadMac);
        return update.Execute() == 1;
    }

    private AuditChainHead AuthenticHead() => AuthenticHead(_db);

    private AuditChainHead AuthenticHead(SqliteStoreConnection db)
    {
        AuditChainHead head = SqliteSchema.ReadHead(db.Connection);
        return _chain.IsAuthentic(head)
            ? head
            : throw new SqliteStoreException(
                SqliteStoreErrorCode.AuditChainBroken,
                "The audit chain head is not authentic under the configured AuditChainKey (edited outside the store, or another key); nothing was written. Verify the chain.");
    }

    private void WriteHead(AuditChainHead head) => WriteHead(_db, head);

    private static void WriteHead(SqliteStoreConnection db, AuditChainHead head)
    {
        SqliteCommand command = db.Command(
            $"UPDATE audit SET start_sequence = @f, start_mac = @sm, last_sequence = @l, last_mac = @lm, head_mac = @hm WHERE sequence = {SqliteSchema.HeadRowSql}",
            "@f", "@sm", "@l", "@lm", "@hm");
        SqliteParameterCollection p = command.Parameters;
        p[0].Value = head.FirstSequence;
        p[1].Value = head.StartMac;
        p[2].Value = head.LastSequence;
        p[3].Value = head.LastMac;
        p[4].Value = head.HeadMac;
        command.ExecuteNonQuery();
    }

    private static AuditEvent ReadEvent(SqliteDataReader r) => new(
        (AuditEventType)r.GetInt32(1),
        Instant(r, 2),
        String(r, 3),
        String(r, 4),
        String(r, 5),
        String(r, 6),
        String(r, 7));
}
