using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// ASP.NET Core Identity <c>PasswordHasher&lt;T&gt;</c> strings (base64, padded):
/// v2 = <c>0x00 | salt(16) | subkey(32)</c>, PBKDF2-HMAC-SHA1, 1,000 iterations;
/// v3 = <c>0x01 | prf (u32 BE: 0 SHA1, 1 SHA256, 2 SHA512) | iterations (u32 BE) | salt length (u32 BE) | salt | subkey</c>.
/// Verified bit-exactly for migration; always reported as needing a rehash.
/// </summary>
internal static class IdentityHash
{
    public const string V2 = "identity-v2";
    public const string V3 = "identity-v3";
    private const int MaxBytes = 256;
    private const int MaxChars = ((MaxBytes + 2) / 3) * 4;

    public static PinHashInspection Inspect(string s, int maxIterations)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        PinHashError error = TryParse(s, buffer, maxIterations, out Layout layout);
        if (error != PinHashError.None)
        {
            return PinHashInspection.Invalid(error, layout.Version == 2 ? V2 : layout.Version == 3 ? V3 : string.Empty);
        }

        return new PinHashInspection(PinHashError.None, layout.Version == 2 ? V2 : V3, AlgorithmName(layout.Prf), layout.Iterations, null, true);
    }

    public static bool Verify(string s, ReadOnlySpan<byte> pin, int maxIterations)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        Span<byte> actual = stackalloc byte[MaxBytes];
        try
        {
            if (TryParse(s, buffer, maxIterations, out Layout layout) != PinHashError.None)
            {
                return false;
            }

            ReadOnlySpan<byte> salt = buffer.Slice(layout.SaltOffset, layout.SaltLength);
            ReadOnlySpan<byte> expected = buffer.Slice(layout.SubkeyOffset, layout.SubkeyLength);
            Span<byte> derived = actual[..layout.SubkeyLength];
            Pbkdf2Kdf.Derive(pin, salt, derived, layout.Iterations, layout.Prf);
            return CryptographicOperations.FixedTimeEquals(derived, expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    private static string AlgorithmName(HashAlgorithmName prf) =>
        prf == HashAlgorithmName.SHA512 ? "pbkdf2-sha512" : prf == HashAlgorithmName.SHA256 ? "pbkdf2-sha256" : "pbkdf2-sha1";

    private static PinHashError TryParse(string s, Span<byte> buffer, int maxIterations, out Layout layout)
    {
        layout = default;
        if (s.Length == 0 || s.Length > MaxChars || s.Length % 4 != 0)
        {
            return PinHashError.Malformed;
        }

        if (!Convert.TryFromBase64String(s, buffer, out int length) || length < 1)
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
                layout = new Layout(2, HashAlgorithmName.SHA1, 1000, 1, 16, 17, 32);
                return length == 49 ? PinHashError.None : PinHashError.WrongLength;

            case 0x01:
                layout = new Layout(3, HashAlgorithmName.SHA1, 0, 13, 0, 0, 0);
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

                if (iterations < 1 || iterations > (uint)maxIterations)
                {
                    return PinHashError.IterationsOutOfRange;
                }

                if (length < 13 + 16 + 16 || saltLength < 16 || saltLength > (uint)(length - 13 - 16))
                {
                    return PinHashError.WrongLength;
                }

                int subkeyOffset = 13 + (int)saltLength;
                layout = new Layout(3, name, (int)iterations, 13, (int)saltLength, subkeyOffset, length - subkeyOffset);
                return PinHashError.None;

            default:
                return PinHashError.UnknownAlgorithm;
        }
    }

    private readonly record struct Layout(int Version, HashAlgorithmName Prf, int Iterations, int SaltOffset, int SaltLength, int SubkeyOffset, int SubkeyLength);
}
