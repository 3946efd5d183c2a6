using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// Computes and verifies OCRA responses (RFC 6287): <c>OCRA = Truncate(HMAC-H(K, DataInput))</c> with
/// <c>DataInput = Suite | 0x00 | C | Q | P | S | T</c>, encoded exactly as RFC 6287 section 5.1 and its reference
/// implementation (Appendix A), and truncated as RFC 4226 section 5.3 (dynamic truncation, modulo 10^Digits).
/// </summary>
/// <remarks>
/// Data input encoding: the suite's ASCII bytes; one 0x00 byte; <c>C</c> as 8 bytes big-endian; <c>Q</c> as a
/// 128-byte field, left-aligned and zero-filled on the right (<c>QN</c>: the decimal number converted to
/// hexadecimal, e.g. 22222222 = 0x153158E gives bytes 15 31 58 E0, which is the reference implementation's
/// <c>new BigInteger(q, 10).toString(16)</c> right-padded with '0'; <c>QA</c>: the ASCII bytes; <c>QH</c>: the
/// bytes the hexadecimal digits spell); <c>P</c>: the PIN hash bytes; <c>S</c>: the session information,
/// left-padded with zero bytes to the suite's length; <c>T</c> as 8 bytes big-endian. The HMAC is
/// <see cref="HMACSHA1"/>, <see cref="HMACSHA256"/> or <see cref="HMACSHA512"/>; the data input and the MAC live on
/// the stack and are zeroed before returning.
/// </remarks>
public static class OcraGenerator
{
    /// <summary>The longest response: an untruncated (<c>-0</c>) HMAC-SHA512 as hexadecimal.</summary>
    internal const int MaxResponseLength = 128;

    private const int QuestionLength = 128;
    private const int MaxDataInputLength = OcraSuite.MaxSuiteLength + 1 + 8 + QuestionLength + 64 + 512 + 8;

    /// <summary>Computes the response for <paramref name="input"/>.</summary>
    /// <param name="suite">The suite.</param>
    /// <param name="key">The shared secret key (not empty).</param>
    /// <param name="input">The counter, challenge, PIN hash, session information and timestamp the suite asks for.</param>
    /// <returns>
    /// The response: <see cref="OcraSuite.Digits"/> decimal digits with leading zeros kept, or, for a suite with
    /// <c>-0</c>, the whole HMAC as upper-case hexadecimal.
    /// </returns>
    /// <exception cref="ArgumentException">The key is empty, or the input does not match the suite (a field missing,
    /// one the suite does not use, a challenge not in the suite's format or too long, a PIN hash of the wrong length,
    /// session information longer than the suite's <c>S</c>).</exception>
    public static string GenerateResponse(OcraSuite suite, ReadOnlySpan<byte> key, OcraInput input)
    {
        Span<char> response = stackalloc char[MaxResponseLength];
        int length = Compute(suite, key, input, response);
        return new string(response[..length]);
    }

    /// <summary>
    /// Checks a response in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>). A response of the
    /// wrong length, <see langword="null"/> or with foreign characters is simply not valid; it never throws for that.
    /// Hexadecimal responses (suites with <c>-0</c>) compare case-insensitively.
    /// </summary>
    /// <param name="suite">The suite.</param>
    /// <param name="key">The shared secret key (not empty).</param>
    /// <param name="input">The values the response must have been computed from.</param>
    /// <param name="response">The response to check.</param>
    /// <returns>Whether <paramref name="response"/> is the response for <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">As for <see cref="GenerateResponse"/>: the key or input is invalid.</exception>
    public static bool VerifyResponse(OcraSuite suite, ReadOnlySpan<byte> key, OcraInput input, ReadOnlySpan<char> response)
    {
        Span<char> expected = stackalloc char[MaxResponseLength];
        Span<char> candidate = stackalloc char[MaxResponseLength];
        try
        {
            int length = Compute(suite, key, input, expected);
            if (response.Length != length)
            {
                return false;
            }

            for (int i = 0; i < response.Length; i++)
            {
                // Only the digit-less (hex) form is case-insensitive; digits are unaffected by upper-casing.
                char c = response[i];
                candidate[i] = c is >= 'a' and <= 'f' && suite.Digits == 0 ? (char)(c - 32) : c;
            }

            return CryptographicOperations.FixedTimeEquals(
                MemoryMarshal.AsBytes(expected[..length]),
                MemoryMarshal.AsBytes(candidate[..length]));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(expected));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(candidate));
        }
    }

    /// <summary>Builds the data input bytes (exposed to tests to pin the encoding).</summary>
    internal static byte[] BuildDataInput(OcraSuite suite, OcraInput input)
    {
        byte[] buffer = new byte[suite.DataInputLength];
        WriteDataInput(suite, input, buffer);
        return buffer;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6287 defines the OCRA suites over HMAC-SHA1 as well as SHA-256/512; a suite naming SHA1 must compute HMAC-SHA1 to interoperate (and HMAC-SHA1 is not broken by SHA-1 collisions). The suite, not this code, picks the algorithm.")]
    private static int Compute(OcraSuite suite, ReadOnlySpan<byte> key, OcraInput input, Span<char> response)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(input);
        if (key.IsEmpty)
        {
            throw new ArgumentException("The OCRA key must not be empty.", nameof(key));
        }

        int dataLength = suite.DataInputLength;
        Span<byte> data = stackalloc byte[MaxDataInputLength];
        Span<byte> mac = stackalloc byte[64];
        try
        {
            data = data[..dataLength];
            WriteDataInput(suite, input, data);
            int macLength = suite.HashAlgorithm switch
            {
                OcraHashAlgorithm.Sha1 => HMACSHA1.HashData(key, data, mac),
                OcraHashAlgorithm.Sha256 => HMACSHA256.HashData(key, data, mac),
                _ => HMACSHA512.HashData(key, data, mac),
            };
            return Truncate(mac[..macLength], suite.Digits, response);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>RFC 4226 section 5.3 dynamic truncation, or the whole MAC in hexadecimal for zero digits.</summary>
    private static int Truncate(ReadOnlySpan<byte> mac, int digits, Span<char> response)
    {
        if (digits == 0)
        {
            Convert.TryToHexString(mac, response, out int written);
            return written;
        }

        int offset = mac[^1] & 0x0F;
        long binary = ((mac[offset] & 0x7F) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        long modulus = 1;
        for (int i = 0; i < digits; i++)
        {
            modulus *= 10;
        }

        long value = binary % modulus;
        for (int i = digits - 1; i >= 0; i--)
        {
            response[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }

        return digits;
    }

    private static void WriteDataInput(OcraSuite suite, OcraInput input, Span<byte> data)
    {
        data.Clear();
        string suiteText = suite.ToString();
        int position = 0;
        foreach (char c in suiteText)
        {
            data[position++] = (byte)c; // a parsed suite is ASCII only
        }

        data[position++] = 0x00;

        if (suite.UsesCounter)
        {
            if (input.Counter is not { } counter)
            {
                throw new ArgumentException($"The suite {suiteText} needs a counter (C).", nameof(input));
            }

            BinaryPrimitives.WriteUInt64BigEndian(data.Slice(position, 8), counter);
            position += 8;
        }
        else if (input.Counter is not null)
        {
            throw new ArgumentException($"The suite {suiteText} has no counter (C); do not supply one.", nameof(input));
        }

        WriteQuestion(suite, input.Challenge, data.Slice(position, QuestionLength));
        position += QuestionLength;

        if (suite.UsesPinHash)
        {
            if (input.PinHash.Length != suite.PinHashLength)
            {
                throw new ArgumentException(
                    $"The suite {suiteText} needs a PIN hash (P) of exactly {suite.PinHashLength} bytes.", nameof(input));
            }

            input.PinHash.Span.CopyTo(data.Slice(position, suite.PinHashLength));
            position += suite.PinHashLength;
        }
        else if (!input.PinHash.IsEmpty)
        {
            throw new ArgumentException($"The suite {suiteText} has no PIN hash (P); do not supply one.", nameof(input));
        }

        if (suite.UsesSessionInfo)
        {
            int length = input.SessionInfo.Length;
            if (length == 0 || length > suite.SessionInfoLength)
            {
                throw new ArgumentException(
                    $"The suite {suiteText} needs session information (S) of 1 to {suite.SessionInfoLength} bytes.", nameof(input));
            }

            // Left-padded with zeros, as the reference implementation pads the hex string on the left.
            input.SessionInfo.Span.CopyTo(data.Slice(position + suite.SessionInfoLength - length, length));
            position += suite.SessionInfoLength;
        }
        else if (!input.SessionInfo.IsEmpty)
        {
            throw new ArgumentException($"The suite {suiteText} has no session information (S); do not supply any.", nameof(input));
        }

        if (suite.UsesTimestamp)
        {
            if (input.Timestamp is not { } timestamp)
            {
                throw new ArgumentException($"The suite {suiteText} needs a timestamp (T).", nameof(input));
            }

            BinaryPrimitives.WriteUInt64BigEndian(data.Slice(position, 8), timestamp);
        }
        else if (input.Timestamp is not null)
        {
            throw new ArgumentException($"The suite {suiteText} has no timestamp (T); do not supply one.", nameof(input));
        }
    }

    private static void WriteQuestion(OcraSuite suite, string challenge, Span<byte> field)
    {
        // One challenge is at most ChallengeMaxLength characters; mutual mode concatenates two (RFC 6287 section 7.3).
        int maxLength = 2 * suite.ChallengeMaxLength;
        if (challenge.Length == 0 || challenge.Length > maxLength || !OcraSuite.IsInFormat(challenge, suite.ChallengeFormat))
        {
            string what = suite.ChallengeFormat switch
            {
                OcraChallengeFormat.Numeric => "decimal digits",
                OcraChallengeFormat.Hexadecimal => "hexadecimal digits",
                _ => "printable ASCII characters",
            };
            throw new ArgumentException(
                $"The challenge must be 1 to {maxLength} {what} for the suite {suite}.", nameof(challenge));
        }

        switch (suite.ChallengeFormat)
        {
            case OcraChallengeFormat.Alphanumeric:
                for (int i = 0; i < challenge.Length; i++)
                {
                    field[i] = (byte)challenge[i];
                }

                break;

            case OcraChallengeFormat.Hexadecimal:
                WriteNibbles(challenge, field);
                break;

            default:
                // The reference implementation's quirk, kept for interoperability: the decimal number is written in
                // hexadecimal WITHOUT leading zeros and left-aligned, so an odd number of hex digits leaves the
                // last byte's low nibble zero (22222222 = 0x153158E -> 15 31 58 E0).
                BigInteger number = BigInteger.Parse(challenge, NumberStyles.None, CultureInfo.InvariantCulture);
                string hex = number.ToString("X", CultureInfo.InvariantCulture).TrimStart('0');
                WriteNibbles(hex.Length == 0 ? "0" : hex, field);
                break;
        }
    }

    private static void WriteNibbles(ReadOnlySpan<char> hex, Span<byte> field)
    {
        for (int i = 0; i < hex.Length; i++)
        {
            int nibble = HexValue(hex[i]);
            field[i / 2] |= (byte)(i % 2 == 0 ? nibble << 4 : nibble);
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };
}
