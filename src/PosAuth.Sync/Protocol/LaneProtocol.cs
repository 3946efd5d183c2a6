using System.Security.Cryptography;
using System.Text;

namespace PosAuth.Sync.Protocol;

/// <summary>
/// The lane protocol between a lane (PosAuth.Sync) and the back office (PosAuth.BackOffice): headers, the canonical
/// strings that are signed, and the signature itself. This file is compiled into both packages (internal in each), so
/// the two sides can never disagree about a byte.
/// </summary>
/// <remarks>
/// <para><b>Request</b>: <c>HMAC-SHA256(terminal key, "POSAUTH-LANE-1\n" METHOD "\n" path-and-query "\n" terminal "\n"
/// timestamp "\n" nonce "\n" hex(SHA-256(body)))</c>, base64, in <see cref="SignatureHeader"/>. The timestamp is Unix
/// seconds (the lane's clock corrected by the offset it learned from signed responses), the nonce 16 random bytes in
/// base64url (22 characters).</para>
/// <para><b>Response</b>: <c>HMAC-SHA256(terminal key, "POSAUTH-LANE-1-RESPONSE\n" request nonce "\n" status "\n" server
/// time "\n" hex(SHA-256(body)))</c> in <see cref="ResponseSignatureHeader"/>, with the server's time (Unix
/// milliseconds) in <see cref="ServerTimeHeader"/>. It binds the answer to the request, so a lane never applies a
/// directory that someone between it and the back office made up or replayed from an earlier answer.</para>
/// </remarks>
internal static class LaneProtocol
{
    public const string PathPrefix = "/lane/v1";
    public const string TerminalHeader = "X-PosAuth-Terminal";
    public const string TimestampHeader = "X-PosAuth-Timestamp";
    public const string NonceHeader = "X-PosAuth-Nonce";
    public const string SignatureHeader = "X-PosAuth-Signature";
    public const string ServerTimeHeader = "X-PosAuth-Server-Time";
    public const string ResponseSignatureHeader = "X-PosAuth-Response-Signature";
    public const string ProblemContentType = "application/problem+json";
    public const int KeyLength = 32;
    public const int NonceBytes = 16;

    private const string RequestLabel = "POSAUTH-LANE-1";
    private const string ResponseLabel = "POSAUTH-LANE-1-RESPONSE";

    public static string DirectoryPath(string site) => $"{PathPrefix}/sites/{site}/directory";

    public static string ChargesPath(string site) => $"{PathPrefix}/sites/{site}/charges";

    public static string RefundsPath(string site) => $"{PathPrefix}/sites/{site}/refunds";

    public static string PinChangesPath(string site) => $"{PathPrefix}/sites/{site}/pin-changes";

    public static string AuditPath(string site) => $"{PathPrefix}/sites/{site}/audit";

    public static string LeaseReportPath(string site) => $"{PathPrefix}/sites/{site}/leases/report";

    /// <summary>A fresh nonce: 16 CSPRNG bytes, base64url without padding.</summary>
    public static string NewNonce()
    {
        Span<byte> bytes = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url(bytes);
    }

    /// <summary>Whether <paramref name="nonce"/> has the shape <see cref="NewNonce"/> produces.</summary>
    public static bool IsWellFormedNonce(string? nonce) =>
        nonce is { Length: 22 } && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string BodyDigest(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string SignRequest(ReadOnlySpan<byte> key, string method, string pathAndQuery, string terminalId, long timestamp, string nonce, ReadOnlySpan<byte> body) =>
        Sign(key, $"{RequestLabel}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{terminalId}\n{timestamp}\n{nonce}\n{BodyDigest(body)}");

    public static string SignResponse(ReadOnlySpan<byte> key, string requestNonce, int status, long serverTime, ReadOnlySpan<byte> body) =>
        Sign(key, $"{ResponseLabel}\n{requestNonce}\n{status}\n{serverTime}\n{BodyDigest(body)}");

    /// <summary>Compares a received signature with the expected one in constant time (a malformed one is simply unequal).</summary>
    public static bool SignatureEquals(string expected, string? received)
    {
        if (received is null || received.Length != expected.Length || received.Length > 64)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[48];
        Span<byte> b = stackalloc byte[48];
        if (!Convert.TryFromBase64String(expected, a, out int la) || !Convert.TryFromBase64String(received, b, out int lb) || la != lb)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(a[..la], b[..lb]);
    }

    private static string Sign(ReadOnlySpan<byte> key, string canonical)
    {
        int length = Encoding.UTF8.GetByteCount(canonical);
        byte[] data = new byte[length];
        Encoding.UTF8.GetBytes(canonical, data);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, data, mac);
        return Convert.ToBase64String(mac);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
