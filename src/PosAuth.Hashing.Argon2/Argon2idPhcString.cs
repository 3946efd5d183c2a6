using System.Globalization;

namespace PosAuth.Hashing.Argon2;

/// <summary>
/// Strict parser for <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=1[,k=&lt;key id&gt;]$&lt;salt&gt;$&lt;hash&gt;</c>
/// (the PHC string libsodium and the reference implementation write, plus our optional pepper key id). Spans only,
/// no allocation, never throws. Checks, in this order: structure and alphabet (<see cref="PinHashError.Malformed"/>),
/// version 19 and one lane (<see cref="PinHashError.UnsupportedParameter"/>), passes
/// (<see cref="PinHashError.IterationsOutOfRange"/>), memory (<see cref="PinHashError.MemoryOutOfRange"/>, before
/// anything is allocated), a 16-byte salt and a hash of the configured size (<see cref="PinHashError.WrongLength"/>).
/// </summary>
internal readonly ref struct Argon2idPhcString
{
    public const string Prefix = "$argon2id$";
    public const string Algorithm = "argon2id";
    public const int MinHashBytes = 16;
    public const int MaxHashBytes = 64;
    private const int MaxDigits = 10;

    private Argon2idPhcString(int memorySize, int iterations, ReadOnlySpan<char> keyId, ReadOnlySpan<char> salt, ReadOnlySpan<char> hash)
    {
        MemorySize = memorySize;
        Iterations = iterations;
        KeyId = keyId;
        Salt = salt;
        Hash = hash;
    }

    /// <summary>KiB.</summary>
    public int MemorySize { get; }

    public int Iterations { get; }

    /// <summary>Empty when not peppered.</summary>
    public ReadOnlySpan<char> KeyId { get; }

    public ReadOnlySpan<char> Salt { get; }

    public ReadOnlySpan<char> Hash { get; }

    /// <summary>Parses <paramref name="s"/>; on a range or length error <paramref name="result"/> still carries the memory and passes read.</summary>
    public static PinHashError TryParse(ReadOnlySpan<char> s, Argon2idPinHasherOptions options, out Argon2idPhcString result)
    {
        result = default;
        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return PinHashError.Malformed;
        }

        s = s[Prefix.Length..];
        int end = s.IndexOf('$');
        if (end < 0)
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<char> version = s[..end];
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
        if (salt.IsEmpty || hash.IsEmpty || hash.Contains('$') || !version.StartsWith("v=") || !IsBase64Alphabet(salt) || !IsBase64Alphabet(hash))
        {
            return PinHashError.Malformed;
        }

        // Parameters: exactly m=, t=, p= in that order, then optionally k=, nothing else.
        if (!TryNumber(ref parameters, "m=", out long memory) || !Comma(ref parameters)
            || !TryNumber(ref parameters, "t=", out long passes) || !Comma(ref parameters)
            || !TryNumber(ref parameters, "p=", out long lanes))
        {
            return PinHashError.Malformed;
        }

        ReadOnlySpan<char> keyId = default;
        if (!parameters.IsEmpty)
        {
            if (!parameters.StartsWith(",k=") || parameters.Length == 3)
            {
                return PinHashError.Malformed;
            }

            keyId = parameters[3..];
        }

        if (!TryNumber(ref version, "v=", out long v) || !version.IsEmpty)
        {
            return PinHashError.Malformed;
        }

        int saltBytes = PhcBase64.DecodedLength(salt.Length);
        int hashBytes = PhcBase64.DecodedLength(hash.Length);
        if (saltBytes < 0 || hashBytes < 0)
        {
            return PinHashError.Malformed;
        }

        if (v != 19 || lanes != Argon2idPinHasherOptions.Parallelism)
        {
            return PinHashError.UnsupportedParameter;
        }

        // From here on the parameters are known: an error still reports them (Inspect says which is out of range).
        result = new Argon2idPhcString((int)Math.Min(memory, int.MaxValue), (int)Math.Min(passes, int.MaxValue), default, default, default);

        if (passes < options.MinimumIterations || passes > options.MaximumIterations)
        {
            return PinHashError.IterationsOutOfRange;
        }

        if (memory < options.MinimumMemorySize || memory > options.MaximumMemorySize)
        {
            return PinHashError.MemoryOutOfRange;
        }

        if (saltBytes != Argon2idPinHasherOptions.SaltSize || hashBytes != options.HashSize)
        {
            return PinHashError.WrongLength;
        }

        result = new Argon2idPhcString((int)memory, (int)passes, keyId, salt, hash);
        return PinHashError.None;
    }

    private static bool Comma(ref ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] != ',')
        {
            return false;
        }

        s = s[1..];
        return true;
    }

    /// <summary>Reads <c>name</c> then a decimal without sign or leading zero (at most 10 digits) from the start of <paramref name="s"/>.</summary>
    private static bool TryNumber(ref ReadOnlySpan<char> s, string name, out long value)
    {
        value = 0;
        if (!s.StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        s = s[name.Length..];
        int digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        if (digits == 0 || digits > MaxDigits || (s[0] == '0' && digits > 1)
            || !long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        s = s[digits..];
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
