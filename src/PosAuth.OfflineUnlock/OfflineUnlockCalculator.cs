using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// The offline unlock scheme on top of OCRA (RFC 6287): the back office computes a response to a terminal's
/// challenge, the terminal verifies it offline. Suite: <c>OCRA-1:HOTP-SHA256-8:QN08-S064</c> (for 8-digit
/// challenges; <c>QNxx</c> follows the challenge length), key: the terminal key from
/// <see cref="UnlockKeyDerivation"/>, session information <c>S</c>: <see cref="ComputeBinding"/> of the terminal id
/// and the target operator, so a response for terminal A / operator 01 is useless for terminal B or operator 00.
/// </summary>
/// <remarks>
/// Why this suite: HMAC-SHA256 (the strongest HMAC every OCRA tool supports without a 64-byte key); 8 response
/// digits, short enough to read over the phone; <c>QN</c> so the challenge is the digits on the screen; no counter
/// <c>C</c> (the back office stays stateless and nothing needs resynchronising); no timestamp <c>T</c> (terminal
/// clocks are unreliable and the terminal enforces the expiry itself from the issue time it keeps); no PIN <c>P</c>
/// (the PIN is what was forgotten); <c>S064</c> to bind the terminal and operator without changing what is read
/// aloud. Brute force: one guess in 10^8 per attempt, so the caller must limit attempts per challenge and lock the
/// unlock flow after a few failures. This class is stateless; it does not check expiry or single use.
/// </remarks>
public static class OfflineUnlockCalculator
{
    /// <summary>The number of digits of a response: 8.</summary>
    public const int ResponseDigits = 8;

    /// <summary>The domain label hashed into the binding (see <see cref="ComputeBinding"/>).</summary>
    public const string BindingLabel = "PosAuth offline unlock v1";

    /// <summary>The length in bytes of the binding, and the <c>S</c> length of the suite: 64.</summary>
    public const int BindingLength = 64;

    /// <summary>The shortest accepted terminal key, in bytes: 16.</summary>
    public const int MinTerminalKeyLength = 16;

    private static readonly OcraSuite?[] Suites = new OcraSuite?[OfflineUnlockChallenge.MaxDigits + 1];

    /// <summary>The suite for the default 8-digit challenge: <c>OCRA-1:HOTP-SHA256-8:QN08-S064</c>.</summary>
    public static OcraSuite DefaultSuite => GetSuite(OfflineUnlockChallenge.DefaultDigits);

    /// <summary>The suite for a challenge of <paramref name="challengeDigits"/> digits: <c>OCRA-1:HOTP-SHA256-8:QNxx-S064</c>.</summary>
    /// <param name="challengeDigits">6 to 12.</param>
    /// <returns>The suite.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="challengeDigits"/> is outside 6 to 12.</exception>
    public static OcraSuite GetSuite(int challengeDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(challengeDigits, OfflineUnlockChallenge.MinDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(challengeDigits, OfflineUnlockChallenge.MaxDigits);
        return Suites[challengeDigits] ??= OcraSuite.Parse(string.Create(
            CultureInfo.InvariantCulture,
            $"OCRA-1:HOTP-SHA256-{ResponseDigits}:QN{challengeDigits:D2}-S{BindingLength:D3}"));
    }

    /// <summary>
    /// The 64-byte session information <c>S</c> that binds a response to one terminal and one operator:
    /// SHA-512 of <c>UTF8(BindingLabel) | 0x00 | len(terminalId) | terminalId | len(operatorId) | operatorId</c>
    /// (lengths as one byte; ids are ASCII). The length prefixes make the encoding unambiguous.
    /// </summary>
    /// <param name="terminalId">The terminal id.</param>
    /// <param name="targetOperatorId">The operator to unlock.</param>
    /// <returns>64 bytes. Pass them as <c>--session</c> (hex) to compute the same response with a generic OCRA tool.</returns>
    /// <exception cref="ArgumentException">An id is not valid.</exception>
    public static byte[] ComputeBinding(string terminalId, string targetOperatorId)
    {
        byte[] binding = new byte[BindingLength];
        WriteBinding(terminalId, targetOperatorId, binding);
        return binding;
    }

    /// <summary>Computes the response the back office reads to the operator.</summary>
    /// <param name="terminalKey">The terminal key (from <see cref="UnlockKeyDerivation.DeriveTerminalKey(ReadOnlySpan{byte}, string, int)"/>), at least 16 bytes.</param>
    /// <param name="terminalId">The terminal id the terminal shows.</param>
    /// <param name="targetOperatorId">The operator to unlock.</param>
    /// <param name="challenge">The challenge digits the terminal shows.</param>
    /// <returns>The 8-digit response.</returns>
    /// <exception cref="ArgumentException">The key is too short or a value is not valid.</exception>
    public static string ComputeResponse(ReadOnlySpan<byte> terminalKey, string terminalId, string targetOperatorId, string challenge)
    {
        OfflineUnlockIdentifiers.ThrowIfInvalidChallenge(challenge, nameof(challenge));
        ThrowIfKeyTooShort(terminalKey);
        byte[] binding = ComputeBinding(terminalId, targetOperatorId);
        return OcraGenerator.GenerateResponse(GetSuite(challenge.Length), terminalKey, new OcraInput(challenge) { SessionInfo = binding });
    }

    /// <summary>Computes the response for a request (for example one parsed from a QR payload).</summary>
    /// <param name="terminalKey">The terminal key, at least 16 bytes.</param>
    /// <param name="request">The request.</param>
    /// <returns>The 8-digit response.</returns>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public static string ComputeResponse(ReadOnlySpan<byte> terminalKey, OfflineUnlockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ComputeResponse(terminalKey, request.TerminalId, request.TargetOperatorId, request.Challenge);
    }

    /// <summary>
    /// Computes the response from the vendor master key: derives the terminal key exactly as
    /// <see cref="UnlockKeyDerivation"/> does, computes, and zeroes the derived key.
    /// </summary>
    /// <param name="vendorMasterKey">The vendor master key, at least 16 bytes.</param>
    /// <param name="terminalSerial">The serial the terminal key was derived from.</param>
    /// <param name="terminalId">The terminal id the terminal shows.</param>
    /// <param name="targetOperatorId">The operator to unlock.</param>
    /// <param name="challenge">The challenge digits the terminal shows.</param>
    /// <returns>The 8-digit response.</returns>
    /// <exception cref="ArgumentException">The master key is too short or a value is not valid.</exception>
    public static string ComputeResponseFromMaster(
        ReadOnlySpan<byte> vendorMasterKey,
        string terminalSerial,
        string terminalId,
        string targetOperatorId,
        string challenge)
    {
        Span<byte> terminalKey = stackalloc byte[UnlockKeyDerivation.DefaultKeyLength];
        try
        {
            UnlockKeyDerivation.DeriveTerminalKey(vendorMasterKey, terminalSerial, terminalKey);
            return ComputeResponse(terminalKey, terminalId, targetOperatorId, challenge);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(terminalKey);
        }
    }

    /// <summary>
    /// Terminal side: checks a typed response against the challenge in constant time. Spaces and '-' between digits
    /// are ignored and full-width digits (from Chinese input methods) are read as ASCII; anything else, or the wrong
    /// number of digits, is simply wrong. This does NOT check expiry or single use: the caller does, and counts a
    /// <see langword="false"/> toward the lockout of the unlock flow.
    /// </summary>
    /// <param name="terminalKey">The terminal's own key, at least 16 bytes.</param>
    /// <param name="challenge">The challenge the terminal issued.</param>
    /// <param name="response">The response typed by the operator.</param>
    /// <returns>Whether the response is the one for this challenge, terminal and operator.</returns>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public static bool VerifyResponse(ReadOnlySpan<byte> terminalKey, OfflineUnlockChallenge challenge, string? response)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ThrowIfKeyTooShort(terminalKey);
        if (response is null || response.Length > 4 * ResponseDigits)
        {
            return false;
        }

        Span<char> normalized = stackalloc char[ResponseDigits];
        int count = 0;
        foreach (char c in response)
        {
            char digit;
            if (char.IsAsciiDigit(c))
            {
                digit = c;
            }
            else if (c is >= '\uFF10' and <= '\uFF19')
            {
                digit = (char)('0' + (c - '\uFF10'));
            }
            else if (c is ' ' or '-')
            {
                continue;
            }
            else
            {
                return false;
            }

            if (count == ResponseDigits)
            {
                return false;
            }

            normalized[count++] = digit;
        }

        if (count != ResponseDigits)
        {
            return false;
        }

        byte[] binding = ComputeBinding(challenge.TerminalId, challenge.TargetOperatorId);
        var input = new OcraInput(challenge.Challenge) { SessionInfo = binding };
        return OcraGenerator.VerifyResponse(GetSuite(challenge.Challenge.Length), terminalKey, input, normalized);
    }

    private static void WriteBinding(string terminalId, string targetOperatorId, Span<byte> destination)
    {
        OfflineUnlockIdentifiers.ThrowIfInvalidId(terminalId, nameof(terminalId));
        OfflineUnlockIdentifiers.ThrowIfInvalidId(targetOperatorId, nameof(targetOperatorId));
        int length = BindingLabel.Length + 1 + 1 + terminalId.Length + 1 + targetOperatorId.Length;
        Span<byte> message = stackalloc byte[length];
        int position = Encoding.ASCII.GetBytes(BindingLabel, message);
        message[position++] = 0x00;
        message[position++] = (byte)terminalId.Length;
        position += Encoding.ASCII.GetBytes(terminalId, message[position..]);
        message[position++] = (byte)targetOperatorId.Length;
        Encoding.ASCII.GetBytes(targetOperatorId, message[position..]);
        SHA512.HashData(message, destination);
    }

    private static void ThrowIfKeyTooShort(ReadOnlySpan<byte> terminalKey)
    {
        if (terminalKey.Length < MinTerminalKeyLength)
        {
            throw new ArgumentException($"The terminal key must be at least {MinTerminalKeyLength} bytes.", nameof(terminalKey));
        }
    }
}
