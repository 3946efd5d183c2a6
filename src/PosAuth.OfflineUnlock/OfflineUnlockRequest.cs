using System.Diagnostics.CodeAnalysis;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// What the back office needs to compute an unlock response: the terminal id, the target operator and the
/// challenge the terminal shows. It travels by phone (read aloud) or as a QR payload
/// <c>POSAUTH-UNLOCK:1:&lt;terminal&gt;:&lt;operator&gt;:&lt;challenge&gt;</c>. None of it is secret.
/// </summary>
public sealed class OfflineUnlockRequest
{
    /// <summary>The QR payload prefix, including the scheme version: <c>POSAUTH-UNLOCK:1:</c>.</summary>
    public const string QrPayloadPrefix = "POSAUTH-UNLOCK:1:";

    /// <summary>The longest QR payload accepted by <see cref="TryParseQrPayload"/>.</summary>
    public const int MaxQrPayloadLength = 128;

    /// <summary>Creates a request after validating every value.</summary>
    /// <param name="terminalId">The terminal id: 1 to 32 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="targetOperatorId">The operator to unlock, same character rules (e.g. <c>00</c>, <c>01</c>).</param>
    /// <param name="challenge">The challenge: 6 to 12 ASCII digits (8 by default).</param>
    /// <exception cref="ArgumentException">A value is not valid.</exception>
    public OfflineUnlockRequest(string terminalId, string targetOperatorId, string challenge)
    {
        OfflineUnlockIdentifiers.ThrowIfInvalidId(terminalId, nameof(terminalId));
        OfflineUnlockIdentifiers.ThrowIfInvalidId(targetOperatorId, nameof(targetOperatorId));
        OfflineUnlockIdentifiers.ThrowIfInvalidChallenge(challenge, nameof(challenge));
        TerminalId = terminalId;
        TargetOperatorId = targetOperatorId;
        Challenge = challenge;
    }

    /// <summary>The terminal id bound into the response.</summary>
    public string TerminalId { get; }

    /// <summary>The operator to unlock, bound into the response.</summary>
    public string TargetOperatorId { get; }

    /// <summary>The numeric challenge the terminal shows.</summary>
    public string Challenge { get; }

    /// <summary>Parses a QR payload strictly: exact prefix and version, three fields, each valid; anything else is rejected.</summary>
    /// <param name="payload">The scanned text; <see langword="null"/> or garbage gives <see langword="false"/>.</param>
    /// <param name="request">The request, or <see langword="null"/>.</param>
    /// <returns>Whether the payload is a valid version-1 unlock request.</returns>
    public static bool TryParseQrPayload([NotNullWhen(true)] string? payload, [NotNullWhen(true)] out OfflineUnlockRequest? request)
    {
        request = null;
        if (payload is null || payload.Length > MaxQrPayloadLength || !payload.StartsWith(QrPayloadPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = payload[QrPayloadPrefix.Length..].Split(':');
        if (parts.Length != 3
            || !OfflineUnlockIdentifiers.IsValidId(parts[0])
            || !OfflineUnlockIdentifiers.IsValidId(parts[1])
            || !OfflineUnlockIdentifiers.IsValidChallenge(parts[2]))
        {
            return false;
        }

        request = new OfflineUnlockRequest(parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>The QR payload: <c>POSAUTH-UNLOCK:1:&lt;terminal&gt;:&lt;operator&gt;:&lt;challenge&gt;</c>.</summary>
    /// <returns>The payload text.</returns>
    public string ToQrPayload() => string.Concat(QrPayloadPrefix, TerminalId, ":", TargetOperatorId, ":", Challenge);

    /// <summary>Returns the QR payload (nothing here is secret).</summary>
    /// <returns>The same as <see cref="ToQrPayload"/>.</returns>
    public override string ToString() => ToQrPayload();
}
