using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PosAuth.Audit;

namespace PosAuth.Storage.Sqlite;

/// <summary>
/// The chained MAC of an audit record: HMAC-SHA256(key, previous MAC || canonical record), or SHA-256 of the same
/// input when no key is configured. The canonical encoding is fixed-width big-endian numbers and length-prefixed
/// UTF-8 strings (a null string is a distinct marker), so two different records never encode alike.
/// </summary>
internal static class AuditChainCodec
{
    /// <summary>Length of every MAC.</summary>
    internal const int MacLength = 32;

    internal static byte[] ComputeMac(byte[]? key, ReadOnlySpan<byte> previousMac, long sequence, in AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(previousMac);
        WriteInt64(buffer, sequence);
        WriteInt64(buffer, (long)e.Type);
        WriteInt64(buffer, e.Timestamp.UtcTicks);
        WriteString(buffer, e.TerminalId);
        WriteString(buffer, e.OperatorId);
        WriteString(buffer, e.ActorId);
        WriteString(buffer, e.Code);
        WriteString(buffer, e.Detail);
        return key is null ? SHA256.HashData(buffer.WrittenSpan) : HMACSHA256.HashData(key, buffer.WrittenSpan);
    }

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
