using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PosAuth.Storage;

/// <summary>
/// The tamper-evident audit chain, independent of storage: every PosAuth store that keeps an audit trail (SQLite,
/// PostgreSQL per site, your own) computes and verifies the same chain with this class, so a trail can be checked
/// wherever it is read. The store only persists what this class computes: each record with its MAC, and one
/// <see cref="AuditChainHead"/> per chain, both replaced in one transaction.
/// </summary>
/// <remarks>
/// <para><b>The format</b> (version 1; a store implementing it must match it byte for byte). Numbers are 64-bit
/// big-endian two's complement. A string is its UTF-8 byte count as a number followed by the bytes; a null string is
/// the number -1 alone. <c>H(x)</c> is HMAC-SHA256 keyed with the audit key, or plain SHA-256 when no key is
/// configured (then anyone who can write the trail can recompute it: it detects damage, not an attacker).</para>
/// <list type="bullet">
/// <item><b>Record MAC</b> of the record with sequence <c>s</c>:
/// <c>H(previous MAC (32 bytes) || s || (long)Type || Timestamp.UtcTicks || TerminalId || OperatorId || ActorId || Code || Detail)</c>,
/// where the previous MAC is the MAC of record <c>s − 1</c>, or the head's <c>StartMac</c> for the first record of the
/// trail (32 zero bytes for a new chain).</item>
/// <item><b>Head MAC</b>: <c>H("PosAuth audit head v1" || 0x00 || FirstSequence || StartMac || LastSequence || LastMac)</c>.
/// The 22-byte tag keeps a head MAC from ever equalling a record MAC.</item>
/// <item><b>New chain</b>: <c>FirstSequence = 1</c>, <c>StartMac = LastMac = 32 zero bytes</c>, <c>LastSequence = 0</c>
/// (<see cref="NewHead"/>).</item>
/// <item><b>Append</b> (<see cref="Append"/>): sequence <c>LastSequence + 1</c>; <c>LastSequence</c> and <c>LastMac</c>
/// move to the new record, the head MAC is recomputed. Sequences are never reused: the next one always comes from the
/// authenticated <c>LastSequence</c>, whatever rows were deleted.</item>
/// <item><b>Clear</b> (<see cref="Clear"/>, factory reset): every record is deleted; <c>FirstSequence = LastSequence + 1</c>,
/// <c>StartMac = LastMac</c>, so the next record still links to the last cleared one.</item>
/// <item>A store never extends, clears or re-signs a head that is not authentic (<see cref="IsAuthentic"/>):
/// <see cref="Append"/> and <see cref="Clear"/> refuse it, and the store reports a typed error instead of writing.
/// Someone who deleted records and edited the head can therefore neither get the edit signed nor have the deleted
/// sequence numbers handed out again.</item>
/// </list>
/// <para><b>What it detects</b> (<see cref="Verify"/>): an altered, inserted or reordered record; records deleted from
/// the middle, the start or the end (the head says where the trail must start and end, and an edited head fails its
/// MAC). <b>What it cannot</b>: anyone holding the key can rewrite the whole chain; without the key, putting back an
/// older copy of the whole trail with its genuine head, or deleting the whole database, is detected only against an
/// anchor kept elsewhere: the last exported head (<see cref="AuditChainHead.ToString"/>), passed to
/// <see cref="Verify"/>.</para>
/// </remarks>
public sealed class AuditChain
{
    /// <summary>Length of every MAC, in bytes.</summary>
    public const int MacLength = 32;

    private static readonly byte[] HeadTag = [.. "PosAuth audit head v1"u8, 0];
    private readonly byte[]? _key;

    /// <summary>Creates the chain computation.</summary>
    /// <param name="key">The audit key (HMAC-SHA256; 16 bytes or more, kept outside the store), or <see langword="null"/> for plain SHA-256.</param>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes.</exception>
    public AuditChain(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The audit chain key must be at least 16 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    private AuditChain()
    {
    }

    /// <summary>The unkeyed chain (plain SHA-256): detects damage and naive edits, not someone who recomputes it.</summary>
    public static AuditChain Unkeyed { get; } = new();

    /// <summary>Whether the chain is keyed (HMAC-SHA256) rather than plain SHA-256.</summary>
    public bool IsKeyed => _key is not null;

    /// <summary>Creates the chain for an optional key: <see cref="Unkeyed"/> when <paramref name="key"/> is <see langword="null"/>.</summary>
    /// <param name="key">The audit key, or <see langword="null"/>.</param>
    /// <returns>The chain.</returns>
    public static AuditChain For(byte[]? key) => key is null ? Unkeyed : new AuditChain(key);

    /// <summary>The head of a new, empty chain (first sequence 1, last sequence 0, zero MACs), authenticated.</summary>
    /// <returns>The head.</returns>
    public AuditChainHead NewHead()
    {
        byte[] zero = new byte[MacLength];
        return Authenticated(1, zero, 0, zero);
    }

    /// <summary>Computes the MAC of the record with <paramref name="sequence"/> chained to <paramref name="previousMac"/>.</summary>
    /// <param name="previousMac">The previous record's MAC, or the head's start MAC for the first record.</param>
    /// <param name="sequence">The record's sequence.</param>
    /// <param name="auditEvent">The record's event.</param>
    /// <returns>The MAC (<see cref="MacLength"/> bytes).</returns>
    public byte[] ComputeRecordMac(ReadOnlySpan<byte> previousMac, long sequence, in AuditEvent auditEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(previousMac);
        WriteInt64(buffer, sequence);
        WriteInt64(buffer, (long)auditEvent.Type);
        WriteInt64(buffer, auditEvent.Timestamp.UtcTicks);
        WriteString(buffer, auditEvent.TerminalId);
        WriteString(buffer, auditEvent.OperatorId);
        WriteString(buffer, auditEvent.ActorId);
        WriteString(buffer, auditEvent.Code);
        WriteString(buffer, auditEvent.Detail);
        return Mac(buffer.WrittenSpan);
    }

    /// <summary>Computes the MAC of a head's four values.</summary>
    /// <param name="firstSequence">The first sequence.</param>
    /// <param name="startMac">The start MAC.</param>
    /// <param name="lastSequence">The last sequence.</param>
    /// <param name="lastMac">The last MAC.</param>
    /// <returns>The head MAC.</returns>
    public byte[] ComputeHeadMac(long firstSequence, ReadOnlySpan<byte> startMac, long lastSequence, ReadOnlySpan<byte> lastMac)
    {
        var buffer = new ArrayBufferWriter<byte>(HeadTag.Length + 16 + (2 * MacLength));
        buffer.Write(HeadTag);
        WriteInt64(buffer, firstSequence);
        buffer.Write(startMac);
        WriteInt64(buffer, lastSequence);
        buffer.Write(lastMac);
        return Mac(buffer.WrittenSpan);
    }

    /// <summary>Whether <paramref name="head"/> carries a valid MAC under this chain's key (constant-time compare).</summary>
    /// <param name="head">The head.</param>
    /// <returns>Whether it is authentic.</returns>
    public bool IsAuthentic(AuditChainHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return head.StartMac is { Length: MacLength } && head.LastMac is { Length: MacLength } && head.HeadMac is { Length: MacLength }
            && head.FirstSequence >= 1 && head.LastSequence >= head.FirstSequence - 1
            && CryptographicOperations.FixedTimeEquals(ComputeHeadMac(head.FirstSequence, head.StartMac, head.LastSequence, head.LastMac), head.HeadMac);
    }

    /// <summary>Appends one record to an authentic head: returns its sequence, its MAC and the new head.</summary>
    /// <param name="head">The current head, as stored.</param>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The record's sequence and MAC, and the head to store with it.</returns>
    /// <exception cref="InvalidOperationException">The head is not authentic (a store turns this into its own typed error and writes nothing).</exception>
    public (long Sequence, byte[] Mac, AuditChainHead Head) Append(AuditChainHead head, in AuditEvent auditEvent)
    {
        ThrowIfNotAuthentic(head);
        long sequence = checked(head.LastSequence + 1);
        byte[] mac = ComputeRecordMac(head.LastMac, sequence, auditEvent);
        return (sequence, mac, Authenticated(head.FirstSequence, head.StartMac, sequence, mac));
    }

    /// <summary>The head after every record was deleted: the trail starts again after the last record, linked to its MAC.</summary>
    /// <param name="head">The current head, as stored.</param>
    /// <returns>The head to store with the (now empty) trail.</returns>
    /// <exception cref="InvalidOperationException">The head is not authentic (clearing would destroy the evidence).</exception>
    public AuditChainHead Clear(AuditChainHead head)
    {
        ThrowIfNotAuthentic(head);
        return Authenticated(checked(head.LastSequence + 1), head.LastMac, head.LastSequence, head.LastMac);
    }

    /// <summary>
    /// Verifies a trail: the head must be authentic, the records (in ascending sequence order, as stored) must run from
    /// its first to its last sequence without a gap, each MAC must match, and the last MAC must be the head's. With an
    /// <paramref name="anchor"/> (a head exported earlier) the trail must also extend it.
    /// </summary>
    /// <param name="head">The stored head.</param>
    /// <param name="records">The stored records, ascending by sequence.</param>
    /// <param name="anchor">
    /// An earlier head kept outside the store, or <see langword="null"/>. It must be authentic and not beyond the
    /// head; its last record must be in the trail with the anchor's MAC (or be the record the trail starts after). If
    /// the trail was cleared since the anchor was taken, only that the sequence moved on can be checked.
    /// </param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The first break, or a valid result.</returns>
    public AuditChainVerification Verify(AuditChainHead head, IEnumerable<AuditChainRecord> records, AuditChainHead? anchor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(records);
        bool keyed = IsKeyed;
        if (!IsAuthentic(head))
        {
            return new(false, null, AuditChainBreak.HeadTampered, 0, keyed);
        }

        // The anchor must be genuine too, else it proves nothing.
        if (anchor is not null && (!IsAuthentic(anchor) || anchor.LastSequence > head.LastSequence))
        {
            return new(false, Math.Min(anchor.LastSequence, head.LastSequence + 1), AuditChainBreak.RolledBack, 0, keyed);
        }

        if (anchor is not null && anchor.LastSequence == head.FirstSequence - 1 && !CryptographicOperations.FixedTimeEquals(anchor.LastMac, head.StartMac))
        {
            return new(false, head.FirstSequence, AuditChainBreak.RolledBack, 0, keyed);
        }

        long expected = head.FirstSequence;
        byte[] previous = head.StartMac;
        long checkedCount = 0;
        foreach (AuditChainRecord record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long sequence = record.Sequence;
            if (sequence > head.LastSequence || sequence < expected)
            {
                return new(false, sequence, AuditChainBreak.Unexpected, checkedCount, keyed);
            }

            if (sequence > expected)
            {
                return new(false, expected, checkedCount == 0 ? AuditChainBreak.TruncatedHead : AuditChainBreak.Missing, checkedCount, keyed);
            }

            byte[] computed = ComputeRecordMac(previous, sequence, record.Event);
            checkedCount++;
            if (record.Mac is not { Length: MacLength } || !CryptographicOperations.FixedTimeEquals(record.Mac, computed))
            {
                return new(false, sequence, AuditChainBreak.Tampered, checkedCount, keyed);
            }

            if (anchor is not null && sequence == anchor.LastSequence && !CryptographicOperations.FixedTimeEquals(anchor.LastMac, record.Mac))
            {
                return new(false, sequence, AuditChainBreak.RolledBack, checkedCount, keyed);
            }

            previous = record.Mac;
            expected++;
        }

        if (expected <= head.LastSequence)
        {
            return new(false, expected, AuditChainBreak.TruncatedTail, checkedCount, keyed);
        }

        if (!CryptographicOperations.FixedTimeEquals(previous, head.LastMac))
        {
            return new(false, head.LastSequence, AuditChainBreak.Tampered, checkedCount, keyed);
        }

        return new(true, null, AuditChainBreak.None, checkedCount, keyed);
    }

    private void ThrowIfNotAuthentic(AuditChainHead head)
    {
        if (!IsAuthentic(head))
        {
            throw new InvalidOperationException("The audit chain head is not authentic under this key: it was edited (or the key is wrong). Verify the chain; nothing may be appended or cleared.");
        }
    }

    private AuditChainHead Authenticated(long first, byte[] startMac, long last, byte[] lastMac) =>
        new(first, startMac, last, lastMac, ComputeHeadMac(first, startMac, last, lastMac));

    private byte[] Mac(ReadOnlySpan<byte> data) => _key is null ? SHA256.HashData(data) : HMACSHA256.HashData(_key, data);

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            WriteInt64(buffer, -1);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt64(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}
