using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// ASP.NET Core Identity <c>PasswordHasher&lt;T&gt;</c> strings (base64, padded):
/// v2 = <c>0x00 | salt(16) | subkey(32)</c>, PBKDF2-HMAC-SHA1, 1,000 iterations;
/// v3 = <c>0x01 | prf (u32 BE: 0 SHA1, 1 SHA256, 2 SHA512) | iterations (u32 BE) | salt length (u32 BE) | salt | subkey</c>.
/// Identity always writes a 32-byte subkey, so that is the only length accepted (a shorter one is a prefix of the real
/// PBKDF2 output and would still verify; a longer one multiplies the work). v3 takes the same iteration floor and work
/// ceiling (iterations × output blocks) as the PHC strings; v2's count is fixed by the format. Verified bit-exactly for
/// migration; always reported as needing a rehash.
/// </summary>
internal static class IdentityHash
{
    public const string V2 = "identity-v2";
    public const string V3 = "identity-v3";
    public const int SubkeyBytes = 32;
    private const int MaxBytes = 256;
    private const int MaxChars = ((MaxBytes + 2) / 3) * 4;

    public static PinHashError Parse(ReadOnlySpan<char> s, int minIterations, int maxIterations, out PinHashDescription description)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        PinHashError error = TryParse(s, buffer, minIterations, maxIterations, out Layout layout);
        string format = layout.Version == 2 ? V2 : layout.Version == 3 ? V3 : string.Empty;
        description = new PinHashDescription(format, layout.Version == 0 ? string.Empty : AlgorithmName(layout.Prf), layout.Iterations, 0, default, false);
        return error;
    }

    public static bool Verify(ReadOnlySpan<char> s, ReadOnlySpan<byte> pin, int minIterations, int maxIterations, out PinHashWork work)
    {
        work = default;
        Span<byte> buffer = stackalloc byte[MaxBytes];
        Span<byte> actual = stackalloc byte[SubkeyBytes];
        try
        {
            if (TryParse(s, buffer, minIterations, maxIterations, out Layout layout) != PinHashError.None)
            {
                return false;
            }

            ReadOnlySpan<byte> salt = buffer.Slice(layout.SaltOffset, layout.SaltLength);
            ReadOnlySpan<byte> expected = buffer.Slice(layout.SubkeyOffset, SubkeyBytes);
            Pbkdf2Kdf.Derive(pin, salt, actual, layout.Iterations, layout.Prf);
            work = new PinHashWork(Pbkdf2Kdf.Id(layout.Prf), 0, (long)layout.Iterations * Pbkdf2Kdf.Blocks(layout.Prf, SubkeyBytes));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    private static string AlgorithmName(HashAlgorithmName prf) => Pbkdf2Kdf.Id(prf);

    private static PinHashError TryParse(ReadOnlySpan<char> s, Span<byte> buffer, int minIterations, int maxIterations, out Layout layout)
    {
        layout = default;
        if (s.Length == 0 || s.Length > MaxChars || s.Length % 4 != 0)
        {
            return PinHashError.Malformed;
        }

        if (!Convert.TryFromBase64Chars(s, buffer, out int length) || length < 1)
        {
            return PinHashError.Malformed;
        }

        // Canonical only: the string must be exactly what Identity would write for these bytes.
        Span<char> canonical = stackalloc char[MaxChars];
        if (!Convert.TryToBase64Chars(buffer[..length], canonical, out int chars) || !canonical[..chars].SequenceEqual(s))
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<byte> bytes = buffer[..length];
        switch (bytes[0])
        {
            case 0x00:
                layout = new Layout(2, HashAlgorithmName.SHA1, 1000, 1, 16, 17);
                return length == 1 + 16 + SubkeyBytes ? PinHashError.None : PinHashError.WrongLength;

            case 0x01:
                layout = new Layout(3, HashAlgorithmName.SHA1, 0, 13, 0, 0);
                if (length < 13)
                {
                    return PinHashError.WrongLength;
                }

                uint prf = BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
                uint iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]);
                uint saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes[9..]);
                HashAlgorithmName name;
                switch (prf)
                {
                    case 0: name = HashAlgorithmName.SHA1; break;
                    case 1: name = HashAlgorithmName.SHA256; break;
                    case 2: name = HashAlgorithmName.SHA512; break;
                    default: return PinHashError.UnsupportedParameter;
                }

                layout = layout with { Prf = name, Iterations = iterations > int.MaxValue ? 0 : (int)iterations };
                long work = (long)iterations * Pbkdf2Kdf.Blocks(name, SubkeyBytes);
                if (iterations < (uint)minIterations || work > maxIterations)
                {
                    return PinHashError.IterationsOutOfRange;
                }

                if (saltLength < 16 || saltLength > MaxBytes || length != 13 + (int)saltLength + SubkeyBytes)
                {
                    return PinHashError.WrongLength;
                }

                layout = new Layout(3, name, (int)iterations, 13, (int)saltLength, 13 + (int)saltLength);
                return PinHashError.None;

            default:
                return PinHashError.UnknownAlgorithm;
        }
    }

    private readonly record struct Layout(int Version, HashAlgorithmName Prf, int Iterations, int SaltOffset, int SaltLength, int SubkeyOffset);
}
