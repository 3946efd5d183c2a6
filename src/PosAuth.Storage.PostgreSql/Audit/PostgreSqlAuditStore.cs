using Npgsql;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An append-only <see cref="IAuditStore"/> over the <c>audit</c> table of one site. Each site has its own trail and
/// chain head (<c>audit_chain</c>): sequences start at 1 and have no gaps per site, also under concurrent appends
/// from many lanes, because an append locks the site's head row, inserts, and moves the head in one transaction.
/// Triggers refuse <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c> outside <see cref="ClearAsync"/>.
/// </summary>
public sealed class PostgreSqlAuditStore : IAuditStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "sequence, type, timestamp, terminal_id, operator_id, actor_id, code, detail";
    private const int MacLength = 32;
    private static readonly byte[] ZeroMac = new byte[MacLength];

    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly string _ensureHead;
    private readonly string _lockHead;
    private readonly string _insert;
    private readonly string _moveHead;
    private readonly string _read;
    private readonly string _clearHead;
    private readonly string _clearRows;

    /// <summary>Creates the store over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first call.</summary>
    /// <param name="options">The settings; <see cref="PostgreSqlStoreOptions.Site"/> and a connection are required.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlAuditStore(PostgreSqlStoreOptions options)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true)
    {
    }

    internal PostgreSqlAuditStore(PostgreSqlStoreContext context, bool ownsContext)
    {
        _db = context;
        _ownsContext = ownsContext;
        string audit = context.QuotedSchema + ".audit";
        string head = context.QuotedSchema + ".audit_chain";
        _ensureHead = $"INSERT INTO {head} (site, start_sequence, start_mac, last_sequence, last_mac) VALUES ($1, 1, $2, 0, $2) ON CONFLICT (site) DO NOTHING";
        _lockHead = $"SELECT last_sequence, last_mac FROM {head} WHERE site = $1 FOR UPDATE";
        _insert = $"INSERT INTO {audit} (site, {Columns}, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        _moveHead = $"UPDATE {head} SET last_sequence = $2, last_mac = $3 WHERE site = $1";
        _read = $"SELECT {Columns} FROM {audit} WHERE site = $1 AND sequence > $2 ORDER BY sequence LIMIT $3";
        _clearHead = $"UPDATE {head} SET start_sequence = last_sequence + 1, start_mac = last_mac WHERE site = $1";
        _clearRows = $"DELETE FROM {audit} WHERE site = $1";
    }

    /// <summary>The site whose trail this store holds.</summary>
    public string Site => _db.Site;

    /// <summary>The shared connection context (tests check that one registration shares one data source).</summary>
    internal PostgreSqlStoreContext Context => _db;

    /// <inheritdoc />
    /// <remarks>
    /// Two round trips, holding the site's head lock between them: <c>BEGIN</c>, create the head if missing, lock it and
    /// read the previous MAC; then insert the record, move the head and <c>COMMIT</c>. The MAC is computed in between, on
    /// the client, so the chain key never reaches the server. Appends of one site are serialized by that lock.
    /// </remarks>
    public async ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        return await _db.WriteAsync(
            (Store: this, Event: auditEvent),
            static async (c, s, ct) =>
            {
                // Raw BEGIN / COMMIT inside the batches (no NpgsqlTransaction object) save the separate commit round
                // trip. If anything fails in between, Npgsql rolls the open transaction back when the connection
                // returns to the pool, so a record is either committed with its head move or not at all.
                PostgreSqlAuditStore store = s.Store;
                long last;
                byte[] lastMac;
                await using (NpgsqlBatch batch = new(c) { Timeout = store._db.CommandTimeoutSeconds })
                {
                    NpgsqlBatchCommand ensure = new(store._ensureHead);
                    Text(ensure.Parameters, store.Site);
                    Bytes(ensure.Parameters, ZeroMac);
                    NpgsqlBatchCommand lockHead = new(store._lockHead);
                    Text(lockHead.Parameters, store.Site);
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                    batch.BatchCommands.Add(ensure);
                    batch.BatchCommands.Add(lockHead);
                    await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await reader.ReadAsync(ct).ConfigureAwait(false);
                    last = reader.GetInt64(0);
                    lastMac = reader.GetFieldValue<byte[]>(1);
                }

                long sequence = last + 1;
                byte[] mac = ChainMac(store._db.AuditChainKey, lastMac, sequence, s.Event);
                await using (NpgsqlBatch batch = new(c) { Timeout = store._db.CommandTimeoutSeconds })
                {
                    NpgsqlBatchCommand insert = new(store._insert);
                    NpgsqlParameterCollection p = insert.Parameters;
                    Text(p, store.Site);
                    Bigint(p, sequence);
                    Integer(p, (int)s.Event.Type);
                    Instant(p, s.Event.Timestamp);
                    TextOrNull(p, s.Event.TerminalId);
                    TextOrNull(p, s.Event.OperatorId);
                    TextOrNull(p, s.Event.ActorId);
                    TextOrNull(p, s.Event.Code);
                    TextOrNull(p, s.Event.Detail);
                    Bytes(p, mac);
                    NpgsqlBatchCommand move = new(store._moveHead);
                    Text(move.Parameters, store.Site);
                    Bigint(move.Parameters, sequence);
                    Bytes(move.Parameters, mac);
                    batch.BatchCommands.Add(insert);
                    batch.BatchCommands.Add(move);
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                    await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return sequence;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return await _db.ReadAsync(
            (Store: this, After: afterSequence, Max: maxCount),
            static async (c, s, ct) =>
            {
                await using NpgsqlCommand command = s.Store._db.Command(s.Store._read, c);
                Text(command.Parameters, s.Store.Site);
                Bigint(command.Parameters, s.After);
                Bigint(command.Parameters, s.Max);
                var records = new List<AuditRecord>();
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    records.Add(new AuditRecord(reader.GetInt64(0), ReadEvent(reader)));
                }

                return (IReadOnlyList<AuditRecord>)records;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Clears this site's trail only. Sequence numbers continue after a clear, and the chain links the first new record
    /// to the last cleared one.
    /// </remarks>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await _db.WriteAsync(
            this,
            static async (c, store, ct) =>
            {
                await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (NpgsqlBatch batch = new(c, tx) { Timeout = store._db.CommandTimeoutSeconds })
                {
                    // The head update takes the site's head lock first, so no append interleaves with the clear.
                    NpgsqlBatchCommand head = new(store._clearHead);
                    Text(head.Parameters, store.Site);
                    NpgsqlBatchCommand rows = new(store._clearRows);
                    Text(rows.Parameters, store.Site);
                    batch.BatchCommands.Add(head);
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL posauth.audit_clearing = 'on'"));
                    batch.BatchCommands.Add(rows);
                    await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
                return 0;
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

    // TODO(coordinator): the audit chain. The store helper is moving the SQLite chain (canonical encoding, HMAC-SHA256
    // with the chain key or SHA-256 without, the authenticated head, verification) to a shared type in the core
    // package. Until it is merged this store keeps the per-site table, head row and transaction shape the chain needs
    // (previous MAC read under the head lock, record and head written together) but stores an all-zero MAC, and has no
    // VerifyAuditChainAsync. Replace this method with the shared chain computation and add the verification.
    private static byte[] ChainMac(byte[]? key, byte[] previousMac, long sequence, in AuditEvent auditEvent)
    {
        _ = key;
        _ = previousMac;
        _ = sequence;
        _ = auditEvent;
        return ZeroMac;
    }

    private static AuditEvent ReadEvent(NpgsqlDataReader r) => new(
        (AuditEventType)r.GetInt32(1),
        Instant(r, 2),
        NullableText(r, 3),
        NullableText(r, 4),
        NullableText(r, 5),
        NullableText(r, 6),
        NullableText(r, 7));
}
