namespace PosAuth.OfflineUnlock;

/// <summary>
/// The values of one OCRA computation (RFC 6287 section 5.1), in the form a caller holds them. Supply exactly the
/// fields the suite names: a missing one, or one the suite does not use, is rejected by <see cref="OcraGenerator"/>
/// (a silently ignored counter or PIN hash is a bug waiting to happen).
/// </summary>
public sealed class OcraInput
{
    /// <summary>Creates the input with its challenge.</summary>
    /// <param name="challenge">
    /// The challenge <c>Q</c> in the suite's own format: decimal digits for <c>QN</c>, printable ASCII text for
    /// <c>QA</c>, hexadecimal digits for <c>QH</c>. In mutual mode (RFC 6287 section 7.3) pass the two challenges
    /// concatenated, e.g. <c>CLI22220SRV11110</c>.
    /// </param>
    public OcraInput(string challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        Challenge = challenge;
    }

    /// <summary>The challenge <c>Q</c>; see the constructor.</summary>
    public string Challenge { get; }

    /// <summary>The counter <c>C</c>, required when the suite has <c>C</c> (encoded as 8 bytes, big-endian).</summary>
    public ulong? Counter { get; init; }

    /// <summary>
    /// The PIN hash <c>P</c> (not the PIN), exactly <see cref="OcraSuite.PinHashLength"/> bytes, required when the
    /// suite has <c>P</c>. <see cref="OcraSuite.HashPin"/> computes it from a PIN. Empty means "not supplied".
    /// </summary>
    public ReadOnlyMemory<byte> PinHash { get; init; }

    /// <summary>
    /// The session information <c>S</c>, at most <see cref="OcraSuite.SessionInfoLength"/> bytes, required when the
    /// suite has <c>S</c>. Shorter values are left-padded with zero bytes, as the RFC's reference implementation does.
    /// Empty means "not supplied". For text, pass its UTF-8 bytes.
    /// </summary>
    public ReadOnlyMemory<byte> SessionInfo { get; init; }

    /// <summary>
    /// The timestamp <c>T</c> in time steps since the Unix epoch (see <see cref="OcraSuite.GetTimestamp(DateTimeOffset)"/>),
    /// required when the suite has <c>T</c> (encoded as 8 bytes, big-endian).
    /// </summary>
    public ulong? Timestamp { get; init; }

    /// <summary>Describes the input without secret values (the PIN hash is never shown).</summary>
    /// <returns>A description for diagnostics.</returns>
    public override string ToString() =>
        $"OcraInput {{ Challenge = {Challenge}, Counter = {Counter?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
        $"PinHash = {(PinHash.IsEmpty ? "none" : "(hidden)")}, SessionInfo = {SessionInfo.Length} bytes, " +
        $"Timestamp = {Timestamp?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} }}";
}
