using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PosAuth.BackOffice;

/// <summary>
/// Time-based one-time passwords (TOTP, RFC 6238, over HOTP, RFC 4226) on the .NET HMAC classes: the second factor of
/// back-office users. Defaults are what authenticator apps use: HMAC-SHA1, 6 digits, 30-second steps from the Unix epoch.
/// Checked against every test vector of RFC 6238 Appendix B.
/// </summary>
public static class Totp
{
    /// <summary>The time step: 30 seconds.</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromSeconds(30);

    /// <summary>The step number <c>T = floor((unixTime − T0) / step)</c> of <paramref name="time"/>.</summary>
    /// <param name="time">The time.</param>
    /// <param name="step">The step length (default 30 s).</param>
    /// <returns>The step number.</returns>
    public static long StepOf(DateTimeOffset time, TimeSpan? step = null) =>
        time.ToUnixTimeSeconds() / (long)(step ?? DefaultStep).TotalSeconds;

    /// <summary>The code for step <paramref name="step"/> (RFC 4226 dynamic truncation of HMAC(key, step as 8 big-endian bytes)).</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="step">The step number.</param>
    /// <param name="digits">6 to 8 digits (default 6).</param>
    /// <param name="algorithm">SHA1 (default), SHA256 or SHA512.</param>
    /// <returns>The code, zero-padded to <paramref name="digits"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6238 TOTP defaults to HMAC-SHA1 and it is the only algorithm every authenticator app implements; HMAC-SHA1 is not affected by SHA-1 collisions. SHA-256/512 are taken when asked for.")]
    public static string Compute(ReadOnlySpan<byte> key, long step, int digits = 6, HashAlgorithmName? algorithm = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        HashAlgorithmName alg = algorithm ?? HashAlgorithmName.SHA1;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[64];
        int length = alg == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, counter, mac)
            : alg == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, counter, mac)
            : alg == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, counter, mac)
            : throw new ArgumentOutOfRangeException(nameof(algorithm), "SHA1, SHA256 or SHA512.");
        int offset = mac[length - 1] & 0x0F;
        int binary = ((mac[offset] & 0x7F) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        int modulo = digits switch { 6 => 1_000_000, 7 => 10_000_000, _ => 100_000_000 };
        CryptographicOperations.ZeroMemory(mac);
        return (binary % modulo).ToString("D" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Checks a typed code against the steps within <paramref name="window"/> of <paramref name="now"/> (constant-time
    /// compare), refusing any step at or before <paramref name="lastUsedStep"/> so a code is never accepted twice.
    /// </summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="code">The typed code (spaces are ignored).</param>
    /// <param name="now">The current time.</param>
    /// <param name="lastUsedStep">The step of the last accepted code (0 for none).</param>
    /// <param name="matchedStep">The step that matched.</param>
    /// <param name="window">Steps accepted either side of now (default 1: ±30 s of clock drift).</param>
    /// <returns>Whether the code is accepted.</returns>
    public static bool TryVerify(ReadOnlySpan<byte> key, string? code, DateTimeOffset now, long lastUsedStep, out long matchedStep, int window = 1)
    {
        matchedStep = 0;
        if (code is null)
        {
            return false;
        }

        string typed = code.Replace(" ", "", StringComparison.Ordinal);
        if (typed.Length != 6 || !typed.All(char.IsAsciiDigit))
        {
            return false;
        }

        long current = StepOf(now);
        bool found = false;
        for (long s = current - window; s <= current + window; s++)
        {
            if (s <= lastUsedStep || s < 0)
            {
                continue;
            }

            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(key, s)), Encoding.ASCII.GetBytes(typed)) && !found)
            {
                matchedStep = s;
                found = true;
            }
        }

        return found;
    }

    /// <summary>RFC 4648 base32 (upper case, no padding), as authenticator apps read a secret.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The text.</returns>
    public static string ToBase32(ReadOnlySpan<byte> data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Reads an RFC 4648 base32 secret as <see cref="ToBase32"/> writes it and authenticator apps show it: letters in
    /// either case, spaces between groups and trailing <c>=</c> padding allowed. Strict otherwise: a character outside
    /// the alphabet, padding in the middle, or a length or trailing bits that no encoder produces is refused.
    /// </summary>
    /// <param name="text">The base32 text.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not canonical base32 (the message never repeats the text: it may be a secret).</exception>
    public static byte[] FromBase32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ReadOnlySpan<char> body = text.AsSpan().TrimEnd('=');
        var bytes = new List<byte>((body.Length * 5) / 8);
        int buffer = 0;
        int bits = 0;
        int digits = 0;
        foreach (char c in body)
        {
            if (c == ' ')
            {
                continue;
            }

            int value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new FormatException("The text is not base32: only A-Z, 2-7, spaces and trailing '=' padding are allowed."),
            };
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            digits++;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        // A canonical encoding ends on a whole byte: its last digit carries 0-4 padding bits, all zero, and a group of
        // 8 digits never ends after 1, 3 or 6 of them.
        if (digits % 8 is 1 or 3 or 6 || (buffer & ((1 << bits) - 1)) != 0)
        {
            throw new FormatException("The text is not canonical base32: its length or its last digit does not end on a whole byte.");
        }

        return [.. bytes];
    }
}
