using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PosAuth.Storage;

namespace PosAuth.Tests.Audit.Chain;

/// <summary>The storage-neutral chain: the documented byte format, head authentication, truncation and anchors.</summary>
public sealed class AuditChainTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly AuditChain Chain = new(Key);

    private static AuditEvent Event(int i) =>
        new(AuditEventType.SignInFailed, new DateTimeOffset(2026, 1, 5, 9, 0, i, TimeSpan.Zero), "T1", "07", null, "wrong_pin", "尝试 " + i);

    private static (AuditChainHead Head, List<AuditChainRecord> Records) Trail(int count)
    {
        AuditChainHead head = Chain.NewHead();
        var records = new List<AuditChainRecord>();
        for (int i = 1; i <= count; i++)
        {
            (long sequence, byte[] mac, AuditChainHead next) = Chain.Append(head, Event(i));
            records.Add(new AuditChainRecord(sequence, Event(i), mac));
            head = next;
        }

        return (head, records);
    }

    private static byte[] Be(long v)
    {
        byte[] b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return b;
    }

    private static byte[] Str(string? s) => s is null ? Be(-1) : [.. Be(Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)];

    [Fact]
    public void RecordAndHeadMacs_AreExactlyTheDocumentedEncoding()
    {
        AuditEvent e = Event(3);
        byte[] previous = [.. Enumerable.Repeat((byte)0xAB, 32)];
        byte[] recordInput = [.. previous, .. Be(7), .. Be((long)e.Type), .. Be(e.Timestamp.UtcTicks), .. Str(e.TerminalId), .. Str(e.OperatorId), .. Str(e.ActorId), .. Str(e.Code), .. Str(e.Detail)];
        Assert.Equal(HMACSHA256.HashData(Key, recordInput), Chain.ComputeRecordMac(previous, 7, e));
        Assert.Equal(SHA256.HashData(recordInput), AuditChain.Unkeyed.ComputeRecordMac(previous, 7, e));

        byte[] start = new byte[32];
        byte[] headInput = [.. "PosAuth audit head v1"u8, 0, .. Be(1), .. start, .. Be(7), .. previous];
        Assert.Equal(HMACSHA256.HashData(Key, headInput), Chain.ComputeHeadMac(1, start, 7, previous));
    }

    [Fact]
    public void NewChain_AppendsFromOneAndVerifies()
    {
        (AuditChainHead head, List<AuditChainRecord> records) = Trail(5);
        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Sequence));
        Assert.Equal((1L, 5L), (head.FirstSequence, head.LastSequence));
        Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 5, true), Chain.Verify(head, records));
        Assert.True(Chain.Verify(Chain.NewHead(), []).IsValid);
    }

    [Theory]
    [InlineData(nameof(AuditChainHead.FirstSequence))]
    [InlineData(nameof(AuditChainHead.StartMac))]
    [InlineData(nameof(AuditChainHead.LastSequence))]
    [InlineData(nameof(AuditChainHead.LastMac))]
    public void EditingAnyHeadField_WithoutTheKey_IsAForgedHead(string field)
    {
        (AuditChainHead head, List<AuditChainRecord> records) = Trail(4);
        AuditChainHead edited = field switch
        {
            nameof(AuditChainHead.FirstSequence) => head with { FirstSequence = 2 },
            nameof(AuditChainHead.StartMac) => head with { StartMac = records[0].Mac },
            nameof(AuditChainHead.LastSequence) => head with { LastSequence = 3 },
            _ => head with { LastMac = records[2].Mac },
        };

        Assert.False(Chain.IsAuthentic(edited));
        Assert.Equal(AuditChainBreak.HeadTampered, Chain.Verify(edited, records).Break);
        Assert.Throws<InvalidOperationException>(() => Chain.Append(edited, Event(9)));
        Assert.Throws<InvalidOperationException>(() => Chain.Clear(edited));
    }

    [Fact]
    public void DeletedRecords_AreReportedAtTheStartTheMiddleAndTheEnd()
    {
        (AuditChainHead head, List<AuditChainRecord> records) = Trail(6);
        Assert.Equal((1L, AuditChainBreak.TruncatedHead), Break(Chain.Verify(head, records.Skip(2))));
        Assert.Equal((3L, AuditChainBreak.Missing), Break(Chain.Verify(head, records.Where(r => r.Sequence != 3))));
        Assert.Equal((5L, AuditChainBreak.TruncatedTail), Break(Chain.Verify(head, records.Take(4))));
        Assert.Equal((1L, AuditChainBreak.TruncatedTail), Break(Chain.Verify(head, [])));
        Assert.Equal((2L, AuditChainBreak.Tampered), Break(Chain.Verify(head, records.Select(r => r.Sequence == 2 ? r with { Event = r.Event with { Code = "ok" } } : r))));
        Assert.Equal((7L, AuditChainBreak.Unexpected), Break(Chain.Verify(head, [.. records, records[5] with { Sequence = 7 }])));

        static (long, AuditChainBreak) Break(AuditChainVerification v) => (v.FirstBrokenSequence!.Value, v.Break);
    }

    [Fact]
    public void Clear_ContinuesTheSequenceAndLinksTheNextRecordToTheLastCleared()
    {
        (AuditChainHead head, List<AuditChainRecord> records) = Trail(3);
        AuditChainHead cleared = Chain.Clear(head);
        Assert.Equal((4L, 3L), (cleared.FirstSequence, cleared.LastSequence));
        Assert.True(Chain.Verify(cleared, []).IsValid);
        (long sequence, byte[] mac, AuditChainHead next) = Chain.Append(cleared, Event(4));
        Assert.Equal(4, sequence);
        Assert.Equal(Chain.ComputeRecordMac(records[2].Mac, 4, Event(4)), mac);
        Assert.True(Chain.Verify(next, [new AuditChainRecord(4, Event(4), mac)], anchor: head).IsValid);
    }

    [Fact]
    public void Anchor_DetectsAnOlderCopyAndADifferentChain()
    {
        (AuditChainHead old, _) = Trail(3);
        (AuditChainHead head, List<AuditChainRecord> records) = Trail(5);
        Assert.True(Chain.Verify(head, records, anchor: old).IsValid);
        Assert.Equal(AuditChainBreak.RolledBack, Chain.Verify(old, records.Take(3), anchor: head).Break);

        AuditChainHead other = Chain.NewHead();
        var otherRecords = new List<AuditChainRecord>();
        for (int i = 1; i <= 5; i++)
        {
            (long s, byte[] m, AuditChainHead n) = Chain.Append(other, Event(i) with { Code = "sign_in_ok" });
            otherRecords.Add(new AuditChainRecord(s, Event(i) with { Code = "sign_in_ok" }, m));
            other = n;
        }

        Assert.Equal((3L, AuditChainBreak.RolledBack), (Chain.Verify(other, otherRecords, anchor: old).FirstBrokenSequence!.Value, Chain.Verify(other, otherRecords, anchor: old).Break));
        Assert.Equal(AuditChainBreak.RolledBack, Chain.Verify(head, records, anchor: old with { LastSequence = 2 }).Break); // a forged anchor proves nothing
    }

    [Fact]
    public void Head_RoundTripsAsTextAndRejectsMalformedText()
    {
        (AuditChainHead head, _) = Trail(2);
        Assert.True(AuditChainHead.TryParse(head.ToString(), out AuditChainHead? parsed));
        Assert.Equal((head.FirstSequence, head.LastSequence), (parsed.FirstSequence, parsed.LastSequence));
        Assert.Equal(head.HeadMac, parsed.HeadMac);
        Assert.True(Chain.IsAuthentic(parsed));
        foreach (string bad in new[] { "", "posauth-audit-head:v1:1:2", head.ToString().Replace(":v1:", ":v2:", StringComparison.Ordinal), head.ToString()[..^2] + "zz", head.ToString() + ":00", "posauth-audit-head:v1:-1:2:" + new string('0', 64) + ":" + new string('0', 64) + ":" + new string('0', 64) })
        {
            Assert.False(AuditChainHead.TryParse(bad, out _), bad);
        }
    }

    [Fact]
    public void Constructor_RejectsAShortKey() => Assert.Throws<ArgumentException>(() => new AuditChain(new byte[15]));
}
