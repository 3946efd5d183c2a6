using System.Globalization;

namespace PosAuth.Storage;

/// <summary>
/// The authenticated head of an audit chain: where the trail starts and ends, and a MAC over both under the audit key
/// (see <see cref="AuditChain"/> for the exact format). A store keeps exactly one head per chain and replaces it in the
/// same transaction as every append and clear. Exported (<see cref="ToString"/>) and kept outside the store, a head
/// is also the anchor that detects a trail rolled back, replaced or deleted whole
/// (<see cref="AuditChain.Verify(AuditChainHead, IEnumerable{AuditChainRecord}, AuditChainHead?, CancellationToken)"/>).
/// </summary>
/// <param name="FirstSequence">The sequence of the first record the trail holds (1, or the one after the last cleared record).</param>
/// <param name="StartMac">The MAC the first record chains to: 32 zero bytes for a new chain, the last cleared record's MAC after a clear.</param>
/// <param name="LastSequence">The last sequence ever given out (0 for a new chain). Never decreases: sequences are never reused.</param>
/// <param name="LastMac">The MAC of the record at <paramref name="LastSequence"/> (<paramref name="StartMac"/> when the trail is empty).</param>
/// <param name="HeadMac">The MAC over the four values above (<see cref="AuditChain.ComputeHeadMac"/>).</param>
public sealed record AuditChainHead(long FirstSequence, byte[] StartMac, long LastSequence, byte[] LastMac, byte[] HeadMac)
{
    private const string Prefix = "posauth-audit-head:v1:";

    /// <summary>
    /// The head as one line of text, to export as an anchor: <c>posauth-audit-head:v1:&lt;first&gt;:&lt;last&gt;:&lt;start
    /// MAC&gt;:&lt;last MAC&gt;:&lt;head MAC&gt;</c> (MACs in lowercase hex). Nothing in it is secret.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}{FirstSequence}:{LastSequence}:{Convert.ToHexStringLower(StartMac)}:{Convert.ToHexStringLower(LastMac)}:{Convert.ToHexStringLower(HeadMac)}");

    /// <summary>Parses the text of <see cref="ToString"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="head">The head, when the text is well formed.</param>
    /// <returns>Whether it was well formed.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditChainHead? head)
    {
        head = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > 512)
        {
            return false;
        }

        string[] parts = text[Prefix.Length..].Split(':');
        if (parts.Length != 5
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last)
            || !TryMac(parts[2], out byte[]? start) || !TryMac(parts[3], out byte[]? lastMac) || !TryMac(parts[4], out byte[]? headMac))
        {
            return false;
        }

        head = new AuditChainHead(first, start, last, lastMac, headMac);
        return true;

        static bool TryMac(string hex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? mac)
        {
            mac = null;
            if (hex.Length != AuditChain.MacLength * 2 || !hex.All(Uri.IsHexDigit))
            {
                return false;
            }

            mac = Convert.FromHexString(hex);
            return true;
        }
    }
}
