using System.Globalization;

namespace PosAuth.Hashing;

/// <summary>
/// Strict parser for <c>$pbkdf2-sha512$i=220000[,k=keyid]$salt$hash</c> (also <c>pbkdf2-sha256</c>).
/// Works on spans, allocates nothing and never throws. The string does not record the hash length, so the length is
/// fixed by the format: the PRF's output size, or the configured <see cref="Pbkdf2PinHasherOptions.HashSize"/> for the
/// configured PRF. Any other length is <see cref="PinHashError.WrongLength"/>: a PBKDF2 output cut short is a prefix of
/// the full one and would otherwise still verify.
/// </summary>
internal readonly ref struct PhcHashString
{
    public const string Sha512Id = "pbkdf2-sha512";
    public const string Sha256Id = "pbkdf2-sha256";
    public const int MinSaltBytes = 8;
    public const int MaxSaltBytes = 64;
    public const int MinHashBytes = 16;
    public const int MaxHashBytes = 64;
    private const int MaxIterationDigits = 10;

    public PhcHashString(Pbkdf2Algorithm algorithm, int iterations, ReadOnlySpan<char> keyId, ReadOnlySpan<char> salt, ReadOnlySpan<char> hash)
    {
        Algorithm = algorithm;
        Iterations = iterations;
        KeyId = keyId;
        Salt = salt;
        Hash = hash;
    }

    public Pbkdf2Algorithm Algorithm { get; }

    public int Iterations { get; }

    /// <summary>Empty when the hash is not peppered.</summary>
    public ReadOnlySpan<char> KeyId { get; }

    public ReadOnlySpan<char> Salt { get; }

    public ReadOnlySpan<char> Hash { get; }

    public static string AlgorithmId(Pbkdf2Algorithm algorithm) => algorithm == Pbkdf2Algorithm.Sha256 ? Sha256Id : Sha512Id;

    /// <summary>The natural output size of the PRF: what this library writes unless <see cref="Pbkdf2PinHasherOptions.HashSize"/> says otherwise.</summary>
    public static int NaturalHashBytes(Pbkdf2Algorithm algorithm) => algorithm == Pbkdf2Algorithm.Sha256 ? 32 : 64;

    /// <summary>Parses the structure and checks ranges against <paramref name="options"/> (floor, work ceiling, lengths). Base64 content is validated when decoded.</summary>
    public static PinHashError TryParse(ReadOnlySpan<char> s, Pbkdf2PinHasherOptions options, out PhcHashString result)
    {
        result = default;
        if (s.Length < 2 || s[0] != '$')
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
        Pbkdf2Algorithm algorithm;
        if (id.SequenceEqual(Sha512Id))
        {
            algorithm = Pbkdf2Algorithm.Sha512;
        }
        else if (id.SequenceEqual(Sha256Id))
        {
            algorithm = Pbkdf2Algorithm.Sha256;
        }
        else
        {
            return PinHashError.UnknownAlgorithm;
        }

        s = s[(end + 1)..];
        end = s.IndexOf('$');
        if (end < 0)
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<char> parameters = s[..end];
        s = s[(end + 1)..];
        end = s.IndexOf('$');
        if (end < 0)
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<char> salt = s[..end];
        ReadOnlySpan<char> hash = s[(end + 1)..];
        if (salt.IsEmpty || hash.IsEmpty || hash.Contains('$'))
        {
            return PinHashError.Malformed;
        }

        // Parameters: "i=<digits>" then optionally ",k=<keyid>", in that order, nothing else.
        if (!parameters.StartsWith("i="))
        {
            return PinHashError.Malformed;
        }

        parameters = parameters[2..];
        int comma = parameters.IndexOf(',');
        ReadOnlySpan<char> digits = comma < 0 ? parameters : parameters[..comma];
        ReadOnlySpan<char> keyId = default;
        if (comma >= 0)
        {
            ReadOnlySpan<char> rest = parameters[(comma + 1)..];
            if (!rest.StartsWith("k="))
            {
                return PinHashError.Malformed;
            }

            keyId = rest[2..];
            if (!PepperKeyId.IsWellFormed(keyId))
            {
                return PinHashError.Malformed;
            }
        }

        if (digits.IsEmpty || digits.Length > MaxIterationDigits || (digits[0] == '0') || !IsAsciiDigits(digits)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long iterations))
        {
            return PinHashError.Malformed;
        }

        int saltBytes = StrictBase64.DecodedLength(salt.Length);
        int hashBytes = StrictBase64.DecodedLength(hash.Length);
        if (saltBytes < 0 || hashBytes < 0 || !IsBase64Alphabet(salt) || !IsBase64Alphabet(hash))
        {
            return PinHashError.Malformed;
        }

        // The floor, and a ceiling on the work: PBKDF2 runs one chain of `iterations` per output block.
        long work = iterations * Pbkdf2Kdf.Blocks(Pbkdf2PinHasher.HashName(algorithm), Math.Max(hashBytes, 1));
        if (iterations < options.MinimumIterations || work > options.MaximumIterations)
        {
            return PinHashError.IterationsOutOfRange;
        }

        bool configuredLength = algorithm == options.Algorithm && hashBytes == options.EffectiveHashSize;
        if (saltBytes is < MinSaltBytes or > MaxSaltBytes || (hashBytes != NaturalHashBytes(algorithm) && !configuredLength))
        {
            return PinHashError.WrongLength;
        }

        result = new PhcHashString(algorithm, (int)iterations, keyId, salt, hash);
        return PinHashError.None;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase64Alphabet(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }
}
