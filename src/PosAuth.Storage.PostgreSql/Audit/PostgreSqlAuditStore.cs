using System.Globalization;
using System.Text;
using Npgsql;
using static PosAuth.Storage.PostgreSql.PostgreSqlValues;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// An append-only, tamper-evident <see cref="IAuditStore"/> over the <c>audit</c> table of one site, on the storage-neutral
/// <see cref="AuditChain"/> (the same chain, byte for byte, as the SQLite store): each record stores a MAC chained to the
/// previous record's (HMAC-SHA256 with <see cref="PostgreSqlStoreOptions.AuditChainKey"/>, or SHA-256 without a key), and
/// the site's <c>audit_chain</c> row holds the authenticated <see cref="AuditChainHead"/>. One chain per site: sequences
/// start at 1 and have no gaps per site, also under concurrent appends from many lanes.
/// <see cref="VerifyAuditChainAsync(CancellationToken)"/> reports a forged head and the first altered, missing or inserted
/// record, including records deleted from either end. Triggers refuse <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c>
/// outside <see cref="ClearAsync"/>.
/// </summary>
/// <remarks>
/// <para><b>One round trip per append, usually.</b> The store remembers the last head it wrote or read. An append then is
/// one statement: a compare-and-swap of the head row (every column must still be what the store remembers) and the insert
/// of the record, which inserts nothing when the head moved; the MAC is computed on the client, so the key never reaches
/// the server. When another lane appended in between, the store locks the head row, reads it, checks it, and appends in a
/// second round trip (two in all).</para>
/// <para><b>Contention.</b> All appends of a site update its head row, so they commit one at a time; the head row is locked
/// from the append's update to its commit (one round trip and one flush; across two round trips on the slow path).
/// <see cref="PostgreSqlSignInStore"/> writes a sign-in's audit in the same transaction as its refund.</para>
/// </remarks>
public sealed class PostgreSqlAuditStore : IAuditStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "sequence, type, timestamp, terminal_id, operator_id, actor_id, code, detail";
    private const string HeadColumns = "start_sequence, start_mac, last_sequence, last_mac, head_mac";
    private const int HeadColumnCount = 5;

    /// <summary>The SQLSTATE of an attempt write that found another version (division by zero in its statement).</summary>
    private const string AttemptConflict = "22012";

    /// <summary>The SQLSTATE of an append whose head moved (an invalid integer literal in its statement).</summary>
    private const string HeadMoved = "22P02";

    /// <summary>The SQLSTATE of an append that met a record beyond the head's end (the logarithm of zero in its statement).</summary>
    private const string RecordBeyondEnd = "2201E";

    private readonly PostgreSqlStoreContext _db;
    private readonly bool _ownsContext;
    private readonly AuditChain _chain;
    private readonly string _audit;
    private readonly string _head;
    private readonly string _ensureHead;
    private readonly string _lockHead;
    private readonly string _readHead;
    private readonly string _read;
    private readonly string _readAll;
    private readonly string _writeHead;
    private readonly string _clearRows;
    private readonly string _chainRecord;
    private readonly string[] _appendSql = new string[8];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Count, string Shape), string> _mergedSql = new();
    private AuditChainHead? _cachedHead;
    private long _highestSeen;

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
        _chain = AuditChain.For(context.AuditChainKey);
        _audit = context.QuotedSchema + ".audit";
        _head = context.QuotedSchema + ".audit_chain";
        _ensureHead = $"INSERT INTO {_head} (site, {HeadColumns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site) DO NOTHING";
        _lockHead = $"SELECT {HeadColumns} FROM {_head} WHERE site = $1 FOR UPDATE";
        _readHead = $"SELECT {HeadColumns} FROM {_head} WHERE site = $1";
        _read = $"SELECT {Columns} FROM {_audit} WHERE site = $1 AND sequence > $2 ORDER BY sequence LIMIT $3";
        _readAll = $"SELECT {Columns}, mac FROM {_audit} WHERE site = $1 ORDER BY sequence";
        _writeHead = $"UPDATE {_head} SET start_sequence = $2, start_mac = $3, last_sequence = $4, last_mac = $5, head_mac = $6 WHERE site = $1";
        _clearRows = $"DELETE FROM {_audit} WHERE site = $1";
        _chainRecord = $"UPDATE {_audit} SET mac = $3 WHERE site = $1 AND sequence = $2";
    }

    /// <summary>The site whose trail this store holds.</summary>
    public string Site => _db.Site;

    /// <summary>The shared connection context (tests check that one registration shares one data source).</summary>
    internal PostgreSqlStoreContext Context => _db;

    /// <summary>The chain computation (the key of this store's options).</summary>
    internal AuditChain Chain => _chain;

    /// <inheritdoc />
    /// <remarks>
    /// One round trip when the site's head is where this store last saw it, two otherwise (see the class remarks).
    /// </remarks>
    /// <exception cref="PostgreSqlStoreException"><see cref="PostgreSqlStoreErrorCode.AuditChainBroken"/>: the head is not
    /// authentic, a record sits beyond its end, or it went back; nothing was appended.</exception>
    public async ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditEvent[] events = [auditEvent];
        return await _db.WriteAsync(
            (Store: this, Events: events),
            static async (c, s, ct) => (await s.Store.CommitAsync(c, null, null, [], s.Events, ct).ConfigureAwait(false)).FirstSequence,
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
    /// Clears this site's trail only, under the site's head lock. Sequence numbers continue after a clear, and the chain
    /// links the first new record to the last cleared one. A head that is not authentic is never cleared
    /// (<see cref="PostgreSqlStoreErrorCode.AuditChainBroken"/>): that would destroy the evidence.
    /// </remarks>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await _db.WriteAsync(
            this,
            static async (c, store, ct) =>
            {
                AuditChainHead head = await store.BeginAndLockHeadAsync(c, null, null, ct).ConfigureAwait(false) is { Head: { } locked }
                    ? locked
                    : throw new InvalidOperationException("unreachable: no attempt writes to conflict");
                AuditChainHead cleared = store._chain.Clear(head);
                await using (NpgsqlBatch batch = store.Batch(c))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL posauth.audit_clearing = 'on'"));
                    NpgsqlBatchCommand rows = new(store._clearRows);
                    Text(rows.Parameters, store.Site);
                    batch.BatchCommands.Add(rows);
                    batch.BatchCommands.Add(store.WriteHeadCommand(cleared));
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                    await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                store.Remember(cleared);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Recomputes the site's chain over its whole trail (the head and the records read from one snapshot) and reports a
    /// forged head and the first record that was altered, deleted (from the middle, the start or the end) or inserted
    /// outside this store. Without <see cref="PostgreSqlStoreOptions.AuditChainKey"/> the chain is plain SHA-256: it detects
    /// damage and naive edits, not someone who recomputes the chain. A trail rolled back whole to an older copy, or
    /// deleted with its head, is detected only against an anchor:
    /// <see cref="VerifyAuditChainAsync(AuditChainHead, CancellationToken)"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result, naming the first broken sequence when invalid.</returns>
    public ValueTask<AuditChainVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default) => VerifyCoreAsync(null, cancellationToken);

    /// <summary>
    /// Verifies the chain as <see cref="VerifyAuditChainAsync(CancellationToken)"/> does, and also that it extends
    /// <paramref name="anchor"/>, a head exported earlier with <see cref="ExportAuditHeadAsync"/> and kept outside this
    /// database (the back office, another medium). A trail rolled back to an older copy, replaced, or recreated after it was
    /// deleted is then reported as <see cref="AuditChainBreak.RolledBack"/>.
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
    /// The site's current chain head, to keep outside the database as an anchor (<see cref="AuditChainHead.ToString"/>
    /// gives one line of text; nothing in it is secret). Export it regularly and pass the last one to
    /// <see cref="VerifyAuditChainAsync(AuditChainHead, CancellationToken)"/>. A site that never appended has the head of a
    /// new chain.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head.</returns>
    public async ValueTask<AuditChainHead> ExportAuditHeadAsync(CancellationToken cancellationToken = default)
    {
        await ChainLegacyTrailIfAnyAsync(cancellationToken).ConfigureAwait(false);
        return await _db.ReadAsync(
            this,
            static async (c, store, ct) =>
            {
                await using NpgsqlCommand command = store._db.Command(store._readHead, c);
                Text(command.Parameters, store.Site);
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadHead(reader) : store._chain.NewHead();
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

    /// <summary>
    /// Commits, in ONE transaction on <paramref name="c"/>: the all-or-nothing <paramref name="attempts"/> (they abort the
    /// transaction with SQLSTATE 22012, <see cref="AttemptConflict"/>, when a write finds another version; without an account
    /// update they are CTEs of the append's own statement), the statement of <paramref name="account"/> (a
    /// compare-and-swap that may update nothing), and the audit records — <paramref name="accountEvents"/> (only when the
    /// account was updated) followed by <paramref name="events"/>. One round trip when the remembered head is current and
    /// the records do not depend on the account update; otherwise the head is locked and read first (two round trips).
    /// </summary>
    /// <returns>Whether it was committed (every attempt write found its version), whether the account was updated, and the
    /// sequence of the first record appended (0 when none).</returns>
    internal async Task<(bool Committed, bool AccountUpdated, long FirstSequence)> CommitAsync(
        NpgsqlConnection c,
        PendingAttemptWrites? attempts,
        Func<NpgsqlBatchCommand>? account,
        IReadOnlyList<AuditEvent> accountEvents,
        IReadOnlyList<AuditEvent> events,
        CancellationToken cancellationToken)
    {
        // Fast path: the records do not depend on the account update, and the head is where this store last saw it.
        if (Volatile.Read(ref _cachedHead) is { } cached && (account is null || accountEvents.Count == 0) && events.Count > 0 && events.Count <= _appendSql.Length)
        {
            // Attempt writes and no account update: the writes go into the append's own statement (one statement less).
            bool merge = attempts is not null && account is null;
            (long first, AuditChainHead next, NpgsqlBatchCommand append) = AppendCommand(cached, events, merge ? attempts : null);
            NpgsqlBatchCommand? attemptCommand = merge ? null : attempts?.Command();
            NpgsqlBatchCommand? accountCommand = account?.Invoke();
            await using NpgsqlBatch batch = Batch(c);
            if (attemptCommand is not null)
            {
                batch.BatchCommands.Add(attemptCommand);
            }

            if (accountCommand is not null)
            {
                batch.BatchCommands.Add(accountCommand);
            }

            batch.BatchCommands.Add(append);
            try
            {
                // No BEGIN: the commands of one batch run in one implicit transaction, so an error in any of them
                // rolls back every one (the attempt writes too).
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Remember(next);
                return (true, accountCommand?.RecordsAffected == 1, first);
            }
            catch (PostgresException ex) when (ex.SqlState == AttemptConflict && (attemptCommand is not null || merge))
            {
                return (false, false, 0);
            }
            catch (PostgresException ex) when (ex.SqlState == HeadMoved)
            {
                // Another lane appended (or the head was changed): nothing was written; lock the head and try again.
                Interlocked.CompareExchange(ref _cachedHead, null, cached);
            }
            catch (PostgresException ex) when (ex.SqlState == RecordBeyondEnd)
            {
                throw BeyondEnd(ex);
            }
        }

        // Slow path: lock the head (after the attempt and account writes, in that order on every path: no deadlock).
        (AuditChainHead? head, bool accountUpdated) = await BeginAndLockHeadAsync(c, attempts, account, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return (false, false, 0);
        }

        IReadOnlyList<AuditEvent> all = accountUpdated && accountEvents.Count > 0 ? [.. accountEvents, .. events] : events;
        long firstSequence = 0;
        AuditChainHead after = head;
        await using (NpgsqlBatch batch = Batch(c))
        {
            NpgsqlBatchCommand? append = null;
            if (all.Count > 0)
            {
                (firstSequence, after, append) = AppendCommand(head, all);
                batch.BatchCommands.Add(append);
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == RecordBeyondEnd)
            {
                throw BeyondEnd(ex);
            }
        }

        Remember(after);
        return (true, accountUpdated, firstSequence);
    }

    /// <summary>
    /// <c>BEGIN</c>; the attempt and account statements; create the site's head if it has none; lock and read it (one round
    /// trip). A head written by schema 2 is chained once; a head that is not authentic, or went back behind one this store
    /// saw, rolls back and throws. Returns a <see langword="null"/> head (rolled back) when an attempt write conflicted.
    /// </summary>
    private async Task<(AuditChainHead? Head, bool AccountUpdated)> BeginAndLockHeadAsync(NpgsqlConnection c, PendingAttemptWrites? attempts, Func<NpgsqlBatchCommand>? account, CancellationToken cancellationToken)
    {
        NpgsqlBatchCommand? attemptCommand = attempts?.Command();
        NpgsqlBatchCommand? accountCommand = account?.Invoke();
        AuditChainHead? head = null;
        bool legacy;
        await using (NpgsqlBatch batch = Batch(c))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            if (attemptCommand is not null)
            {
                batch.BatchCommands.Add(attemptCommand);
            }

            if (accountCommand is not null)
            {
                batch.BatchCommands.Add(accountCommand);
            }

            AuditChainHead fresh = _chain.NewHead();
            NpgsqlBatchCommand ensure = new(_ensureHead);
            Text(ensure.Parameters, Site);
            BindHead(ensure.Parameters, fresh);
            batch.BatchCommands.Add(ensure);
            NpgsqlBatchCommand lockHead = new(_lockHead);
            Text(lockHead.Parameters, Site);
            batch.BatchCommands.Add(lockHead);
            try
            {
                // The attempt statement returns a result set of its own (one column): the head is the last result set.
                await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (reader.FieldCount != HeadColumnCount)
                {
                    if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("unreachable: the head lock returned no result set");
                    }
                }

                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("unreachable: the site's head row was created in the same transaction");
                }

                legacy = reader.IsDBNull(4);
                head = ReadHead(reader);
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            catch (PostgresException ex) when (ex.SqlState == AttemptConflict && attemptCommand is not null)
            {
                await RollbackAsync(c, cancellationToken).ConfigureAwait(false);
                return (null, false);
            }
        }

        if (legacy)
        {
            head = await ChainLegacyTrailAsync(c, head, cancellationToken).ConfigureAwait(false);
        }

        if (!_chain.IsAuthentic(head))
        {
            await RollbackAsync(c, cancellationToken).ConfigureAwait(false);
            Forget();
            throw new PostgreSqlStoreException(
                PostgreSqlStoreErrorCode.AuditChainBroken,
                "The site's audit chain head is not authentic under the configured AuditChainKey (edited outside the store, or another key); nothing was written. Verify the chain.");
        }

        if (head.LastSequence < Interlocked.Read(ref _highestSeen))
        {
            await RollbackAsync(c, cancellationToken).ConfigureAwait(false);
            Forget();
            throw new PostgreSqlStoreException(
                PostgreSqlStoreErrorCode.AuditChainBroken,
                "The site's audit chain head went back behind one this store already saw (the trail was rolled back); nothing was written. Verify the chain against an exported head.");
        }

        return (head, accountCommand?.RecordsAffected == 1);
    }

    /// <summary>
    /// The one statement that appends <paramref name="events"/> over <paramref name="expected"/>: a compare-and-swap of the
    /// head row (every column) and the insert of the records, which inserts nothing when the head moved. It fails with
    /// SQLSTATE 22P02 (<see cref="HeadMoved"/>) when the head is not <paramref name="expected"/> and 2201E
    /// (<see cref="RecordBeyondEnd"/>) when a record exists beyond the head's end (inserted outside the store) — either way
    /// the transaction is rolled back and nothing is written. (The attempt statement of the same transaction fails with
    /// 22012: three distinct codes tell the three apart, since Npgsql does not say which statement of a batch failed.)
    /// </summary>
    /// <remarks>
    /// With <paramref name="attempts"/> the statement also carries their all-or-nothing writes as CTEs of its own, checked
    /// first: a write that finds another version fails it with 22012, as the attempt statement of a batch would.
    /// </remarks>
    private (long FirstSequence, AuditChainHead Next, NpgsqlBatchCommand Command) AppendCommand(AuditChainHead expected, IReadOnlyList<AuditEvent> events, PendingAttemptWrites? attempts = null)
    {
        var macs = new byte[events.Count][];
        AuditChainHead next = expected;
        long first = 0;
        for (int i = 0; i < events.Count; i++)
        {
            (long sequence, byte[] mac, AuditChainHead after) = _chain.Append(next, events[i]);
            first = i == 0 ? sequence : first;
            macs[i] = mac;
            next = after;
        }

        var command = new NpgsqlBatchCommand(attempts is { } a ? MergedAppendSql(events.Count, a) : AppendSql(events.Count));
        NpgsqlParameterCollection p = command.Parameters;
        Text(p, Site);
        BindHead(p, next);
        BindHead(p, expected);
        for (int i = 0; i < events.Count; i++)
        {
            AuditEvent e = events[i];
            Bigint(p, first + i);
            Integer(p, (int)e.Type);
            Instant(p, e.Timestamp);
            TextOrNull(p, e.TerminalId);
            TextOrNull(p, e.OperatorId);
            TextOrNull(p, e.ActorId);
            TextOrNull(p, e.Code);
            TextOrNull(p, e.Detail);
            Bytes(p, macs[i]);
        }

        attempts?.Store.BindWrites(p, attempts.Value.Writes);
        return (first, next, command);
    }

    /// <summary>
    /// <see cref="AppendSql"/> with the attempt writes' CTEs after <c>h</c> and <c>i</c> (their parameters after the
    /// records'), and the final <c>CASE</c> checking them first: 22012 when a write found another version, then 22P02 and
    /// 2201E as before. Data-modifying CTEs all run; an error in the final <c>SELECT</c> rolls every one of them back.
    /// </summary>
    private string MergedAppendSql(int count, PendingAttemptWrites attempts) =>
        _mergedSql.GetOrAdd((count, attempts.Shape), static (key, a) =>
        {
            (string ctes, string written, int n) = a.Store.WriteCtes(a.Writes, 11 + (9 * key.Count));
            return a.Audit.BuildAppendSql(key.Count, ",\n    " + ctes, $"WHEN {written} <> {n.ToString(CultureInfo.InvariantCulture)} THEN {PostgreSqlAttemptStore.AbortOnConflict(written)}\n    ");
        }, (Audit: this, attempts.Store, attempts.Writes));

    private string AppendSql(int count)
    {
        if (count <= _appendSql.Length && Volatile.Read(ref _appendSql[count - 1]) is { } cached)
        {
            return cached;
        }

        string sql = BuildAppendSql(count, "", "");
        if (count <= _appendSql.Length)
        {
            Volatile.Write(ref _appendSql[count - 1], sql);
        }

        return sql;
    }

    /// <summary>
    /// The append statement of <paramref name="count"/> records, with <paramref name="extraCtes"/> after its own CTEs and
    /// <paramref name="firstCheck"/> as the first arm of its final <c>CASE</c> (the merged attempt writes, or nothing).
    /// </summary>
    private string BuildAppendSql(int count, string extraCtes, string firstCheck)
    {
        var values = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            int b = 12 + (9 * i);
            string P(int n) => "$" + (b + n).ToString(CultureInfo.InvariantCulture);
            values.Append(i == 0 ? "" : ", ")
                .Append(CultureInfo.InvariantCulture, $"({P(0)}::bigint, {P(1)}::integer, {P(2)}::bigint, {P(3)}::text, {P(4)}::text, {P(5)}::text, {P(6)}::text, {P(7)}::text, {P(8)}::bytea)");
        }

        return $"""
            WITH h AS (
                UPDATE {_head} SET start_sequence = $2, start_mac = $3, last_sequence = $4, last_mac = $5, head_mac = $6
                WHERE site = $1 AND start_sequence = $7 AND start_mac = $8 AND last_sequence = $9 AND last_mac = $10 AND head_mac = $11
                RETURNING 1),
            i AS (
                INSERT INTO {_audit} (site, {Columns}, mac)
                SELECT $1, v.s, v.t, v.ts, v.ti, v.o, v.a, v.c, v.d, v.m FROM (VALUES {values}) AS v (s, t, ts, ti, o, a, c, d, m)
                WHERE EXISTS (SELECT 1 FROM h)
                ON CONFLICT (site, sequence) DO NOTHING
                RETURNING 1){extraCtes}
            SELECT CASE
                {firstCheck}WHEN NOT EXISTS (SELECT 1 FROM h) THEN ('head moved ' || (SELECT count(*) FROM h))::integer
                WHEN (SELECT count(*) FROM i) <> {count} THEN ln((SELECT count(*) FROM i) - (SELECT count(*) FROM i))::integer
                ELSE 1 END
            """;
    }

    /// <summary>
    /// Gives the records of a trail written by schema 2 (all-zero MACs, an unauthenticated head) their chained MACs and
    /// signs the head, inside the caller's transaction, under the head lock. Those records were never protected: the
    /// chain vouches for them only from now on.
    /// </summary>
    private async Task<AuditChainHead> ChainLegacyTrailAsync(NpgsqlConnection c, AuditChainHead legacy, CancellationToken cancellationToken)
    {
        var chained = new List<(long Sequence, byte[] Mac)>();
        byte[] previous = legacy.StartMac;
        await using (NpgsqlCommand read = _db.Command(_readAll, c))
        {
            Text(read.Parameters, Site);
            await using NpgsqlDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetFieldValue<byte[]>(8).AsSpan().ContainsAnyExcept((byte)0))
                {
                    // A record with a real MAC under a head without one: not a schema-2 trail but an edited head. Leave it
                    // unauthenticated (the caller refuses it, verification reports it).
                    return legacy;
                }

                long sequence = reader.GetInt64(0);
                previous = _chain.ComputeRecordMac(previous, sequence, ReadEvent(reader));
                chained.Add((sequence, previous));
            }
        }

        var head = new AuditChainHead(legacy.FirstSequence, legacy.StartMac, legacy.LastSequence, previous, _chain.ComputeHeadMac(legacy.FirstSequence, legacy.StartMac, legacy.LastSequence, previous));
        await using NpgsqlBatch batch = Batch(c);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL posauth.audit_chaining = 'on'"));
        foreach ((long sequence, byte[] mac) in chained)
        {
            NpgsqlBatchCommand update = new(_chainRecord);
            Text(update.Parameters, Site);
            Bigint(update.Parameters, sequence);
            Bytes(update.Parameters, mac);
            batch.BatchCommands.Add(update);
        }

        batch.BatchCommands.Add(WriteHeadCommand(head));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL posauth.audit_chaining = 'off'"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return head;
    }

    /// <summary>Chains a trail written by schema 2, if the site has one, in a transaction of its own.</summary>
    private async ValueTask ChainLegacyTrailIfAnyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cachedHead) is not null)
        {
            return;
        }

        bool legacy = await _db.ReadAsync(
            this,
            static async (c, store, ct) =>
            {
                await using NpgsqlCommand command = store._db.Command($"SELECT head_mac IS NULL FROM {store._head} WHERE site = $1", c);
                Text(command.Parameters, store.Site);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
            },
            cancellationToken).ConfigureAwait(false);
        if (legacy)
        {
            try
            {
                await _db.WriteAsync(
                    this,
                    static async (c, store, ct) =>
                    {
                        _ = await store.CommitAsync(c, null, null, [], [], ct).ConfigureAwait(false);
                        return 0;
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgreSqlStoreException ex) when (ex.Code == PostgreSqlStoreErrorCode.AuditChainBroken)
            {
                // Not a schema-2 trail: verification reports the unauthenticated head; export returns it as it is.
            }
        }
    }

    private async ValueTask<AuditChainVerification> VerifyCoreAsync(AuditChainHead? anchor, CancellationToken cancellationToken)
    {
        await ChainLegacyTrailIfAnyAsync(cancellationToken).ConfigureAwait(false);
        return await _db.ReadAsync(
            (Store: this, Anchor: anchor),
            static async (c, s, ct) =>
            {
                PostgreSqlAuditStore store = s.Store;

                // One snapshot for the head and the records: a repeatable-read, read-only transaction.
                await using NpgsqlTransaction tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
                AuditChainHead head;
                await using (NpgsqlCommand command = store._db.Command(store._readHead, c, tx))
                {
                    Text(command.Parameters, store.Site);
                    await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    head = await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadHead(reader) : store._chain.NewHead();
                }

                AuditChainVerification result;
                await using (NpgsqlCommand command = store._db.Command(store._readAll, c, tx))
                {
                    Text(command.Parameters, store.Site);
                    await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    var records = new List<AuditChainRecord>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        records.Add(new AuditChainRecord(reader.GetInt64(0), ReadEvent(reader), reader.GetFieldValue<byte[]>(8)));
                    }

                    result = store._chain.Verify(head, records, s.Anchor, ct);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
                return result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlBatch Batch(NpgsqlConnection c) => new(c) { Timeout = _db.CommandTimeoutSeconds };

    private NpgsqlBatchCommand WriteHeadCommand(AuditChainHead head)
    {
        NpgsqlBatchCommand command = new(_writeHead);
        Text(command.Parameters, Site);
        BindHead(command.Parameters, head);
        return command;
    }

    private void Remember(AuditChainHead head)
    {
        // Keep the newest head seen (concurrent appends of this process may finish in any order).
        long last = Interlocked.Read(ref _highestSeen);
        while (head.LastSequence > last)
        {
            long seen = Interlocked.CompareExchange(ref _highestSeen, head.LastSequence, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }

        AuditChainHead? current = Volatile.Read(ref _cachedHead);
        while (current is null || head.LastSequence >= current.LastSequence)
        {
            AuditChainHead? seenHead = Interlocked.CompareExchange(ref _cachedHead, head, current);
            if (ReferenceEquals(seenHead, current))
            {
                break;
            }

            current = seenHead;
        }
    }

    private void Forget() => Volatile.Write(ref _cachedHead, null);

    private static async Task RollbackAsync(NpgsqlConnection c, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand rollback = new("ROLLBACK", c);
        await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private PostgreSqlStoreException BeyondEnd(PostgresException ex)
    {
        Forget();
        return new PostgreSqlStoreException(
            PostgreSqlStoreErrorCode.AuditChainBroken,
            "The site's audit trail holds a record beyond its authenticated end (inserted outside the store); nothing was appended. Verify the chain.",
            ex)
        { SqlState = ex.SqlState };
    }

    private static void BindHead(NpgsqlParameterCollection p, AuditChainHead head)
    {
        Bigint(p, head.FirstSequence);
        Bytes(p, head.StartMac);
        Bigint(p, head.LastSequence);
        Bytes(p, head.LastMac);
        Bytes(p, head.HeadMac);
    }

    private static AuditChainHead ReadHead(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetFieldValue<byte[]>(1),
        r.GetInt64(2),
        r.GetFieldValue<byte[]>(3),
        r.IsDBNull(4) ? [] : r.GetFieldValue<byte[]>(4));

    private static AuditEvent ReadEvent(NpgsqlDataReader r) => new(
        (AuditEventType)r.GetInt32(1),
        Instant(r, 2),
        NullableText(r, 3),
        NullableText(r, 4),
        NullableText(r, 5),
        NullableText(r, 6),
        NullableText(r, 7));
}
