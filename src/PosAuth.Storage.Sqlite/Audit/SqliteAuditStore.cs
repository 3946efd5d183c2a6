using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PosAuth.Audit;
using static PosAuth.Storage.Sqlite.SqliteValues;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// An append-only, tamper-evident <see cref="IAuditStore"/> in a SQLite file. Each record stores a MAC chained to
/// the previous record's (HMAC-SHA256 with <see cref="SqliteStoreOptions.AuditChainKey"/>, or SHA-256 without a key);
/// <see cref="VerifyAuditChainAsync"/> reports the first altered, missing or inserted record. Triggers refuse
/// <c>UPDATE</c> and <c>DELETE</c> on the table outside <see cref="ClearAsync"/>. Append reads the previous MAC and
/// inserts in one <c>BEGIN IMMEDIATE</c> transaction, so sequences are gap-free across processes.
/// </summary>
public sealed class SqliteAuditStore : IAuditStore, IDisposable
{
    private const string Columns = "sequence, type, timestamp, terminal_id, operator_id, actor_id, code, detail, mac";

    private readonly SqliteStoreConnection _db;
    private readonly byte[]? _key;

    /// <summary>Opens (creating and migrating if needed) the database of <paramref name="options"/>.</summary>
    /// <param name="options">The settings; <see cref="SqliteStoreOptions.DatabasePath"/> is required.</param>
    /// <exception cref="SqliteStoreException">The file is not a usable PosAuth database; it was not modified.</exception>
    public SqliteAuditStore(SqliteStoreOptions options)
    {
        _db = SqliteStoreConnection.Open(options);
        _key = options.AuditChainKey is { } key ? (byte[])key.Clone() : null;
    }

    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        return _db.InImmediateTransaction(() =>
        {
            (long lastSequence, byte[] lastMac) = ReadHead();
            long sequence = lastSequence + 1;
            byte[] mac = AuditChainCodec.ComputeMac(_key, lastMac, sequence, auditEvent);

            SqliteCommand insert = _db.Command(
                $"INSERT INTO audit ({Columns}) VALUES (@s, @type, @ts, @t, @o, @a, @code, @detail, @mac)",
                "@s", "@type", "@ts", "@t", "@o", "@a", "@code", "@detail", "@mac");
            SqliteParameterCollection p = insert.Parameters;
            p[0].Value = sequence;
            p[1].Value = (long)auditEvent.Type;
            p[2].Value = Db(auditEvent.Timestamp);
            p[3].Value = Db(auditEvent.TerminalId);
            p[4].Value = Db(auditEvent.OperatorId);
            p[5].Value = Db(auditEvent.ActorId);
            p[6].Value = Db(auditEvent.Code);
            p[7].Value = Db(auditEvent.Detail);
            p[8].Value = mac;
            insert.ExecuteNonQuery();

            SqliteCommand head = _db.Command("UPDATE audit_chain SET last_sequence = @s, last_mac = @mac WHERE id = 1", "@s", "@mac");
            head.Parameters[0].Value = sequence;
            head.Parameters[1].Value = mac;
            head.ExecuteNonQuery();
            return sequence;
        });
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        SqliteCommand command = _db.Command($"SELECT {Columns} FROM audit WHERE sequence > @after ORDER BY sequence LIMIT @max", "@after", "@max");
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

    /// <inheritdoc />
    /// <remarks>Sequence numbers continue after a clear, and the chain links the first new record to the last cleared one.</remarks>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        _db.InImmediateTransaction(() =>
        {
            _db.Command("UPDATE audit_chain SET clearing = 1 WHERE id = 1").ExecuteNonQuery();
            _db.Command("DELETE FROM audit").ExecuteNonQuery();
            _db.Command("UPDATE audit_chain SET start_sequence = last_sequence + 1, start_mac = last_mac, clearing = 0 WHERE id = 1").ExecuteNonQuery();
            return 0;
        });
    }

    /// <summary>
    /// Recomputes the chain over the whole trail and reports the first record that was altered, deleted or inserted
    /// outside this store. Without <see cref="SqliteStoreOptions.AuditChainKey"/> the chain is plain SHA-256: it detects
    /// damage and naive edits, not someone who recomputes the chain.
    /// </summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result, naming the first broken sequence when invalid.</returns>
    public async ValueTask<AuditChainVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default)
    {
        using SqliteStoreConnection.Lease lease = await _db.EnterAsync(cancellationToken).ConfigureAwait(false);
        SqliteStoreConnection.Execute(_db.Connection, "BEGIN");
        try
        {
            return Verify(cancellationToken);
        }
        finally
        {
            SqliteStoreConnection.Execute(_db.Connection, "COMMIT");
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _db.Dispose();

    private AuditChainVerification Verify(CancellationToken cancellationToken)
    {
        bool keyed = _key is not null;
        long startSequence;
        byte[] previous;
        long lastSequence;
        byte[] lastMac;
        using (SqliteDataReader head = _db.Command("SELECT start_sequence, start_mac, last_sequence, last_mac FROM audit_chain WHERE id = 1").ExecuteReader())
        {
            head.Read();
            startSequence = head.GetInt64(0);
            previous = (byte[])head.GetValue(1);
            lastSequence = head.GetInt64(2);
            lastMac = (byte[])head.GetValue(3);
        }

        long expected = startSequence;
        long checkedCount = 0;
        using (SqliteDataReader reader = _db.Command($"SELECT {Columns} FROM audit ORDER BY sequence").ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                long sequence = reader.GetInt64(0);
                if (sequence > lastSequence)
                {
                    return new(false, sequence, AuditChainBreak.Unexpected, checkedCount, keyed);
                }

                if (sequence != expected)
                {
                    return sequence > expected
                        ? new(false, expected, AuditChainBreak.Missing, checkedCount, keyed)
                        : new(false, sequence, AuditChainBreak.Unexpected, checkedCount, keyed);
                }

                byte[] stored = (byte[])reader.GetValue(8);
                byte[] computed = AuditChainCodec.ComputeMac(_key, previous, sequence, ReadEvent(reader));
                checkedCount++;
                if (!CryptographicOperations.FixedTimeEquals(stored, computed))
                {
                    return new(false, sequence, AuditChainBreak.Tampered, checkedCount, keyed);
                }

                previous = stored;
                expected++;
            }
        }

        if (expected <= lastSequence)
        {
            return new(false, expected, AuditChainBreak.Missing, checkedCount, keyed);
        }

        if (!CryptographicOperations.FixedTimeEquals(previous, lastMac))
        {
            return new(false, lastSequence, AuditChainBreak.Tampered, checkedCount, keyed);
        }

        return new(true, null, AuditChainBreak.None, checkedCount, keyed);
    }

    private (long Sequence, byte[] Mac) ReadHead()
    {
        using SqliteDataReader reader = _db.Command("SELECT last_sequence, last_mac FROM audit_chain WHERE id = 1").ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), (byte[])reader.GetValue(1));
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
