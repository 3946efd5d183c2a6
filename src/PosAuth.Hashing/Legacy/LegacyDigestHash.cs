using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// Imported legacy digests: <c>$legacy-&lt;md5|sha1|sha256&gt;$&lt;hex&gt;</c> or, salted,
/// <c>$legacy-&lt;alg&gt;$salt=&lt;base64 without padding&gt;,pos=&lt;prefix|suffix&gt;$&lt;hex&gt;</c>.
/// The PIN is its ASCII digits; the digest is lowercase hex. Parsing is strict and never throws.
/// </summary>
internal static class LegacyDigestHash
{
    public const string Prefix = "$legacy-";
    public const string Format = "legacy-digest";
    private const int MaxSaltBytes = 64;

    public static string AlgorithmId(LegacyDigestAlgorithm algorithm) => algorithm switch
    {
        LegacyDigestAlgorithm.Md5 => "legacy-md5",
        LegacyDigestAlgorithm.Sha1 => "legacy-sha1",
        _ => "legacy-sha256",
    };

    public static int DigestBytes(LegacyDigestAlgorithm algorithm) => algorithm switch
    {
        LegacyDigestAlgorithm.Md5 => 16,
        LegacyDigestAlgorithm.Sha1 => 20,
        _ => 32,
    };

    public static string Build(LegacyDigestAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> salt, LegacySaltPosition position)
    {
        string hex = Convert.ToHexStringLower(digest);
        return salt.IsEmpty
            ? $"${AlgorithmId(algorithm)}${hex}"
            : $"${AlgorithmId(algorithm)}$salt={StrictBase64.Encode(salt)},pos={(position == LegacySaltPosition.Prefix ? "prefix" : "suffix")}${hex}";
    }

    public static PinHashError Parse(ReadOnlySpan<char> s, out PinHashDescription description)
    {
        Span<byte> salt = stackalloc byte[MaxSaltBytes];
        Span<byte> digest = stackalloc byte[32];
        PinHashError error = TryParse(s, salt, digest, out LegacyDigestAlgorithm algorithm, out _, out _);
        description = new PinHashDescription(Format, error == PinHashError.None ? AlgorithmId(algorithm) : string.Empty, 0, 0, default, false);
        return error;
    }

    /// <summary>Verifies a digest. No KDF runs: the hasher then pays the whole configured cost (constant cost).</summary>
    public static bool Verify(ReadOnlySpan<char> s, ReadOnlySpan<byte> pin)
    {
        Span<byte> salt = stackalloc byte[MaxSaltBytes];
        Span<byte> expected = stackalloc byte[32];
        Span<byte> input = stackalloc byte[MaxSaltBytes + PinInput.MaxLength];
        Span<byte> actual = stackalloc byte[32];
        try
        {
            if (TryParse(s, salt, expected, out LegacyDigestAlgorithm algorithm, out int saltLength, out LegacySaltPosition position) != PinHashError.None)
            {
                return false;
            }

            int length;
            if (position == LegacySaltPosition.Prefix)
            {
                salt[..saltLength].CopyTo(input);
                pin.CopyTo(input[saltLength..]);
            }
            else
            {
                pin.CopyTo(input);
                salt[..saltLength].CopyTo(input[pin.Length..]);
            }

            length = saltLength + pin.Length;
            int digestBytes = Digest(algorithm, input[..length], actual);
            return CryptographicOperations.FixedTimeEquals(actual[..digestBytes], expected[..digestBytes]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "SHA-1 only verifies imported legacy hashes, which are then rehashed with PBKDF2.")]
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "MD5 only verifies imported legacy hashes, which are then rehashed with PBKDF2.")]
    internal static int Digest(LegacyDigestAlgorithm algorithm, ReadOnlySpan<byte> source, Span<byte> destination) => algorithm switch
    {
        LegacyDigestAlgorithm.Md5 => MD5.HashData(source, destination),
        LegacyDigestAlgorithm.Sha1 => SHA1.HashData(source, destination),
        _ => SHA256.HashData(source, destination),
    };

    private static PinHashError TryParse(
        ReadOnlySpan<char> s,
        Span<byte> salt,
        Span<byte> digest,
        out LegacyDigestAlgorithm algorithm,
        out int saltLength,
        out LegacySaltPosition position)
    {
        algorithm = default;
        saltLength = 0;
        position = LegacySaltPosition.Prefix;
        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return PinHashError.Malformed;
        }

        s = s[1..];
        int end = s.IndexOf('$');
        if (end < 0)
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<char> id = s[..end];
        if (id.SequenceEqual("legacy-md5"))
        {
            algorithm = LegacyDigestAlgorithm.Md5;
        }
        else if (id.SequenceEqual("legacy-sha1"))
        {
            algorithm = LegacyDigestAlgorithm.Sha1;
        }
        else if (id.SequenceEqual("legacy-sha256"))
        {
            algorithm = LegacyDigestAlgorithm.Sha256;
        }
        else
        {
            return PinHashError.UnknownAlgorithm;
        }

        s = s[(end + 1)..];
        end = s.IndexOf('$');
        ReadOnlySpan<char> hex = s;
        if (end >= 0)
        {
            ReadOnlySpan<char> parameters = s[..end];
            hex = s[(end + 1)..];
            if (!parameters.StartsWith("salt="))
            {
                return PinHashError.Malformed;
            }

            parameters = parameters[5..];
            int comma = parameters.IndexOf(',');
            if (comma <= 0)
            {
                return PinHashError.Malformed;
            }

            ReadOnlySpan<char> saltChars = parameters[..comma];
            ReadOnlySpan<char> pos = parameters[(comma + 1)..];
            if (pos.SequenceEqual("pos=prefix"))
            {
                position = LegacySaltPosition.Prefix;
            }
            else if (pos.SequenceEqual("pos=suffix"))
            {
                position = LegacySaltPosition.Suffix;
            }
            else if (pos.StartsWith("pos="))
            {
                return PinHashError.UnsupportedParameter;
            }
            else
            {
                return PinHashError.Malformed;
            }

            int decoded = StrictBase64.DecodedLength(saltChars.Length);
            if (decoded > MaxSaltBytes)
            {
                return PinHashError.WrongLength;
            }

            if (decoded <= 0 || !StrictBase64.TryDecode(saltChars, salt, out saltLength))
            {
                return PinHashError.Malformed;
            }
        }

        if (hex.Contains('$'))
        {
            return PinHashError.Malformed;
        }

        int bytes = DigestBytes(algorithm);
        if (hex.Length != bytes * 2)
        {
            return PinHashError.WrongLength;
        }

        for (int i = 0; i < bytes; i++)
        {
            int hi = HexValue(hex[2 * i]);
            int lo = HexValue(hex[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return PinHashError.Malformed;
            }

            digest[i] = (byte)((hi << 4) | lo);
        }

        return PinHashError.None;
    }

    // Lowercase only, so that each digest has exactly one spelling.
    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
