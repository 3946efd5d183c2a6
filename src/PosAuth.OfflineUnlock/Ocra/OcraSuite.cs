using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// A parsed OCRA suite (RFC 6287 section 6): <c>OCRA-1:HOTP-H-t:[C-]QFxx[-PH][-Snnn][-TG]</c>, for example
/// <c>OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1</c>.
/// </summary>
/// <remarks>
/// <para>
/// Parsing is strict and case-sensitive, because the suite string itself is the first part of the HMAC input:
/// a suite that differs from its peer's only by case would give different responses. Accepted grammar:
/// </para>
/// <list type="bullet">
/// <item><c>OCRA-1</c> (the only version);</item>
/// <item><c>HOTP-SHA1</c>, <c>HOTP-SHA256</c> or <c>HOTP-SHA512</c>, then <c>-t</c> with t = 0 (no truncation) or 4 to 10 digits;</item>
/// <item>data input tokens separated by <c>-</c>, in this order, each at most once: <c>C</c> (counter);
/// <c>QN</c>/<c>QA</c>/<c>QH</c> + two digits 04 to 64 (the challenge; mandatory, as in the RFC grammar);
/// <c>PSHA1</c>/<c>PSHA256</c>/<c>PSHA512</c> (PIN hash); <c>S</c> + three digits 001 to 512 (session information
/// length in bytes, e.g. <c>S064</c>); <c>T</c> + time step: 1 to 59 <c>S</c>, 1 to 59 <c>M</c> or 1 to 48 <c>H</c>,
/// without leading zeros (the RFC also lists <c>0H</c>, which is rejected: a zero time step has no meaning).</item>
/// </list>
/// <para><see cref="ToString"/> returns the suite string, which is canonical because only canonical strings parse.</para>
/// </remarks>
public sealed class OcraSuite : IEquatable<OcraSuite>
{
    /// <summary>Suite strings longer than this are rejected before any parsing (the longest valid suite is shorter).</summary>
    public const int MaxSuiteLength = 64;

    private const string Prefix = "OCRA-1:HOTP-";

    private readonly string _suite;

    private OcraSuite(
        string suite,
        OcraHashAlgorithm hashAlgorithm,
        int digits,
        bool usesCounter,
        OcraChallengeFormat challengeFormat,
        int challengeMaxLength,
        OcraHashAlgorithm? pinHashAlgorithm,
        int sessionInfoLength,
        TimeSpan? timeStep)
    {
        _suite = suite;
        HashAlgorithm = hashAlgorithm;
        Digits = digits;
        UsesCounter = usesCounter;
        ChallengeFormat = challengeFormat;
        ChallengeMaxLength = challengeMaxLength;
        PinHashAlgorithm = pinHashAlgorithm;
        SessionInfoLength = sessionInfoLength;
        TimeStep = timeStep;
    }

    /// <summary>The HMAC hash function (<c>HOTP-SHA1</c>, <c>HOTP-SHA256</c> or <c>HOTP-SHA512</c>).</summary>
    public OcraHashAlgorithm HashAlgorithm { get; }

    /// <summary>
    /// The number of decimal digits of a response (4 to 10), or 0 when the suite asks for no truncation, in which case
    /// the response is the whole HMAC as upper-case hexadecimal.
    /// </summary>
    public int Digits { get; }

    /// <summary>Whether the data input includes the 8-byte counter <c>C</c>.</summary>
    public bool UsesCounter { get; }

    /// <summary>The format of the challenge (<c>QN</c>, <c>QA</c> or <c>QH</c>).</summary>
    public OcraChallengeFormat ChallengeFormat { get; }

    /// <summary>The <c>xx</c> of <c>QFxx</c> (4 to 64): the maximum length, in characters, of one party's challenge.</summary>
    public int ChallengeMaxLength { get; }

    /// <summary>The hash function for the PIN (<c>PSHA1</c>, <c>PSHA256</c>, <c>PSHA512</c>), or <see langword="null"/> when the suite has no <c>P</c>.</summary>
    public OcraHashAlgorithm? PinHashAlgorithm { get; }

    /// <summary>Whether the data input includes a PIN hash <c>P</c>.</summary>
    public bool UsesPinHash => PinHashAlgorithm is not null;

    /// <summary>The length in bytes of the PIN hash field (20, 32 or 64), or 0 without <c>P</c>.</summary>
    public int PinHashLength => PinHashAlgorithm is { } algorithm ? HashLength(algorithm) : 0;

    /// <summary>The length in bytes of the session information field (<c>Snnn</c>), or 0 without <c>S</c>.</summary>
    public int SessionInfoLength { get; }

    /// <summary>Whether the data input includes session information <c>S</c>.</summary>
    public bool UsesSessionInfo => SessionInfoLength > 0;

    /// <summary>The time step of the timestamp <c>T</c> (for example one minute for <c>T1M</c>), or <see langword="null"/> without <c>T</c>.</summary>
    public TimeSpan? TimeStep { get; }

    /// <summary>Whether the data input includes a timestamp <c>T</c>.</summary>
    public bool UsesTimestamp => TimeStep is not null;

    /// <summary>The length in bytes of the data input that <see cref="OcraGenerator"/> feeds to the HMAC.</summary>
    internal int DataInputLength =>
        _suite.Length + 1 + (UsesCounter ? 8 : 0) + 128 + PinHashLength + SessionInfoLength + (UsesTimestamp ? 8 : 0);

    /// <summary>Parses a suite string.</summary>
    /// <param name="suite">The suite, for example <c>OCRA-1:HOTP-SHA1-6:QN08</c>.</param>
    /// <returns>The parsed suite.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="suite"/> is <see langword="null"/>.</exception>
    /// <exception cref="OcraFormatException">The suite does not follow the grammar (the message says why).</exception>
    public static OcraSuite Parse(string suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (!TryParse(suite, out OcraSuite? result, out string? error))
        {
            throw new OcraFormatException(error);
        }

        return result;
    }

    /// <summary>Parses a suite string without throwing.</summary>
    /// <param name="suite">The suite string; <see langword="null"/> or garbage gives <see langword="false"/>.</param>
    /// <param name="result">The parsed suite, or <see langword="null"/>.</param>
    /// <returns>Whether the suite is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? suite, [NotNullWhen(true)] out OcraSuite? result) =>
        TryParse(suite, out result, out _);

    /// <summary>Parses a suite string without throwing, saying why it is rejected.</summary>
    /// <param name="suite">The suite string; <see langword="null"/> or garbage gives <see langword="false"/>.</param>
    /// <param name="result">The parsed suite, or <see langword="null"/>.</param>
    /// <param name="error">Why the suite is rejected, or <see langword="null"/> when it is valid.</param>
    /// <returns>Whether the suite is valid.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? suite,
        [NotNullWhen(true)] out OcraSuite? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (suite is null)
        {
            error = "The OCRA suite is missing.";
            return false;
        }

        if (suite.Length > MaxSuiteLength)
        {
            error = $"The OCRA suite is longer than {MaxSuiteLength} characters.";
            return false;
        }

        ReadOnlySpan<char> s = suite;
        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "The OCRA suite must start with 'OCRA-1:HOTP-' (version 1, HOTP crypto function).";
            return false;
        }

        s = s[Prefix.Length..];
        int colon = s.IndexOf(':');
        if (colon < 0)
        {
            error = "The OCRA suite has no data input part (expected 'OCRA-1:HOTP-H-t:DataInput').";
            return false;
        }

        ReadOnlySpan<char> crypto = s[..colon];
        ReadOnlySpan<char> dataInput = s[(colon + 1)..];
        int dash = crypto.IndexOf('-');
        if (dash < 0)
        {
            error = "The crypto function must be 'HOTP-SHA1|SHA256|SHA512-<digits>'.";
            return false;
        }

        if (!TryParseHashName(crypto[..dash], out OcraHashAlgorithm hash))
        {
            error = "The crypto function hash must be SHA1, SHA256 or SHA512.";
            return false;
        }

        if (!TryParseSmallNumber(crypto[(dash + 1)..], 2, out int digits) || (digits != 0 && (digits < 4 || digits > 10)))
        {
            error = "The truncation length must be 0 or 4 to 10 digits, without leading zeros.";
            return false;
        }

        if (!TryParseDataInput(
                dataInput,
                out bool usesCounter,
                out OcraChallengeFormat format,
                out int challengeLength,
                out OcraHashAlgorithm? pinHash,
                out int sessionLength,
                out TimeSpan? timeStep,
                out error))
        {
            return false;
        }

        result = new OcraSuite(suite, hash, digits, usesCounter, format, challengeLength, pinHash, sessionLength, timeStep);
        error = null;
        return true;
    }

    /// <summary>
    /// Hashes a PIN with the suite's <c>P</c> algorithm, as RFC 6287 does for the <c>P</c> field (the hash of the
    /// UTF-8 bytes of the PIN; for <c>PSHA1</c> and PIN <c>1234</c> this is <c>7110eda4d09e062aa5e4a390b0a572ac0d2c0220</c>).
    /// </summary>
    /// <param name="pin">The PIN. It is not kept; the temporary UTF-8 copy is zeroed.</param>
    /// <returns>The PIN hash, <see cref="PinHashLength"/> bytes.</returns>
    /// <exception cref="InvalidOperationException">The suite has no <c>P</c>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6287 section 5.1: the PIN hash of a suite with PSHA1 is SHA-1 of the PIN; any other hash gives responses no other OCRA implementation accepts. The suite picks the algorithm.")]
    public byte[] HashPin(ReadOnlySpan<char> pin)
    {
        if (PinHashAlgorithm is not { } algorithm)
        {
            throw new InvalidOperationException("This OCRA suite has no PIN hash (P) field.");
        }

        int byteCount = Encoding.UTF8.GetByteCount(pin);
        byte[] utf8 = new byte[byteCount];
        try
        {
            Encoding.UTF8.GetBytes(pin, utf8);
            return algorithm switch
            {
                OcraHashAlgorithm.Sha1 => SHA1.HashData(utf8),
                OcraHashAlgorithm.Sha256 => SHA256.HashData(utf8),
                _ => SHA512.HashData(utf8),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>
    /// The timestamp <c>T</c> for an instant: the number of whole <see cref="TimeStep"/>s since the Unix epoch
    /// (RFC 6287 section 5.1; for <c>T1M</c>, 2008-03-25 12:06:30 UTC gives 0x132d0b6).
    /// </summary>
    /// <param name="instant">The instant; it must not be before 1970-01-01 UTC.</param>
    /// <returns>The timestamp in time steps.</returns>
    /// <exception cref="InvalidOperationException">The suite has no <c>T</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before the Unix epoch.</exception>
    public ulong GetTimestamp(DateTimeOffset instant)
    {
        if (TimeStep is not { } step)
        {
            throw new InvalidOperationException("This OCRA suite has no timestamp (T) field.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(instant, DateTimeOffset.UnixEpoch);
        return (ulong)((instant - DateTimeOffset.UnixEpoch).Ticks / step.Ticks);
    }

    /// <summary>The timestamp <c>T</c> for the current time of <paramref name="timeProvider"/>; see <see cref="GetTimestamp(DateTimeOffset)"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The timestamp in time steps.</returns>
    public ulong GetTimestamp(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return GetTimestamp(timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Whether <paramref name="challenge"/> is a well-formed challenge of ONE party for this suite: 4 to
    /// <see cref="ChallengeMaxLength"/> characters in the suite's format. (A mutual-mode data input concatenates two
    /// such challenges; <see cref="OcraGenerator"/> accepts up to twice this length.)
    /// </summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>Whether it is well-formed.</returns>
    public bool IsValidChallenge(ReadOnlySpan<char> challenge) =>
        challenge.Length >= 4 && challenge.Length <= ChallengeMaxLength && IsInFormat(challenge, ChallengeFormat);

    /// <summary>Returns the suite string.</summary>
    /// <returns>The canonical suite string, e.g. <c>OCRA-1:HOTP-SHA1-6:QN08</c>.</returns>
    public override string ToString() => _suite;

    /// <inheritdoc/>
    public bool Equals(OcraSuite? other) => other is not null && string.Equals(_suite, other._suite, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OcraSuite);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_suite);

    internal static int HashLength(OcraHashAlgorithm algorithm) => algorithm switch
    {
        OcraHashAlgorithm.Sha1 => 20,
        OcraHashAlgorithm.Sha256 => 32,
        _ => 64,
    };

    internal static bool IsInFormat(ReadOnlySpan<char> challenge, OcraChallengeFormat format)
    {
        foreach (char c in challenge)
        {
            bool ok = format switch
            {
                OcraChallengeFormat.Numeric => char.IsAsciiDigit(c),
                OcraChallengeFormat.Hexadecimal => char.IsAsciiHexDigit(c),
                _ => c >= 0x20 && c <= 0x7E,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseDataInput(
        ReadOnlySpan<char> dataInput,
        out bool usesCounter,
        out OcraChallengeFormat format,
        out int challengeLength,
        out OcraHashAlgorithm? pinHash,
        out int sessionLength,
        out TimeSpan? timeStep,
        [NotNullWhen(false)] out string? error)
    {
        usesCounter = false;
        format = default;
        challengeLength = 0;
        pinHash = null;
        sessionLength = 0;
        timeStep = null;
        error = null;

        // Order of the fields: C=0, Q=1, P=2, S=3, T=4; each at most once and only in this order.
        int lastField = -1;
        bool hasChallenge = false;
        if (dataInput.IsEmpty)
        {
            error = "The data input is empty; it needs at least a challenge (QNxx, QAxx or QHxx).";
            return false;
        }

        foreach (Range range in dataInput.Split('-'))
        {
            ReadOnlySpan<char> token = dataInput[range];
            if (token.IsEmpty)
            {
                error = "The data input has an empty field (two '-' in a row, or a leading or trailing '-').";
                return false;
            }

            int field;
            switch (token[0])
            {
                case 'C' when token.Length == 1:
                    field = 0;
                    usesCounter = true;
                    break;

                case 'Q':
                    field = 1;
                    if (token.Length != 4 || !TryParseChallengeFormat(token[1], out format)
                        || !char.IsAsciiDigit(token[2]) || !char.IsAsciiDigit(token[3]))
                    {
                        error = $"The challenge field '{Show(token)}' must be QN, QA or QH followed by two digits.";
                        return false;
                    }

                    challengeLength = ((token[2] - '0') * 10) + (token[3] - '0');
                    if (challengeLength < 4 || challengeLength > 64)
                    {
                        error = "The challenge length must be 04 to 64.";
                        return false;
                    }

                    hasChallenge = true;
                    break;

                case 'P':
                    field = 2;
                    if (!TryParseHashName(token[1..], out OcraHashAlgorithm p))
                    {
                        error = $"The PIN hash field '{Show(token)}' must be PSHA1, PSHA256 or PSHA512.";
                        return false;
                    }

                    pinHash = p;
                    break;

                case 'S':
                    field = 3;
                    if (token.Length != 4 || !int.TryParse(token[1..], NumberStyles.None, CultureInfo.InvariantCulture, out sessionLength)
                        || sessionLength < 1 || sessionLength > 512)
                    {
                        error = $"The session information field '{Show(token)}' must be S followed by three digits, 001 to 512 (e.g. S064).";
                        return false;
                    }

                    break;

                case 'T':
                    field = 4;
                    if (!TryParseTimeStep(token[1..], out TimeSpan step))
                    {
                        error = $"The timestamp field '{Show(token)}' must be T followed by 1-59S, 1-59M or 1-48H (e.g. T1M).";
                        return false;
                    }

                    timeStep = step;
                    break;

                default:
                    error = $"The data input field '{Show(token)}' is not one of C, QFxx, PH, Snnn, TG.";
                    return false;
            }

            if (field <= lastField)
            {
                error = "The data input fields must appear at most once each, in the order C, Q, P, S, T.";
                return false;
            }

            lastField = field;
        }

        if (!hasChallenge)
        {
            error = "The data input has no challenge field (QNxx, QAxx or QHxx).";
            return false;
        }

        return true;
    }

    private static bool TryParseChallengeFormat(char c, out OcraChallengeFormat format)
    {
        switch (c)
        {
            case 'N':
                format = OcraChallengeFormat.Numeric;
                return true;
            case 'A':
                format = OcraChallengeFormat.Alphanumeric;
                return true;
            case 'H':
                format = OcraChallengeFormat.Hexadecimal;
                return true;
            default:
                format = default;
                return false;
        }
    }

    private static bool TryParseHashName(ReadOnlySpan<char> name, out OcraHashAlgorithm algorithm)
    {
        switch (name)
        {
            case "SHA1":
                algorithm = OcraHashAlgorithm.Sha1;
                return true;
            case "SHA256":
                algorithm = OcraHashAlgorithm.Sha256;
                return true;
            case "SHA512":
                algorithm = OcraHashAlgorithm.Sha512;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    private static bool TryParseTimeStep(ReadOnlySpan<char> text, out TimeSpan step)
    {
        step = default;
        if (text.Length < 2)
        {
            return false;
        }

        if (!TryParseSmallNumber(text[..^1], 2, out int n) || n < 1)
        {
            return false;
        }

        switch (text[^1])
        {
            case 'S' when n <= 59:
                step = TimeSpan.FromSeconds(n);
                return true;
            case 'M' when n <= 59:
                step = TimeSpan.FromMinutes(n);
                return true;
            case 'H' when n <= 48:
                step = TimeSpan.FromHours(n);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Parses 1 to <paramref name="maxDigits"/> ASCII digits without a leading zero (a lone "0" is fine).</summary>
    private static bool TryParseSmallNumber(ReadOnlySpan<char> text, int maxDigits, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > maxDigits || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string Show(ReadOnlySpan<char> token) => token.Length <= 16 ? token.ToString() : string.Concat(token[..16], "...");
}
