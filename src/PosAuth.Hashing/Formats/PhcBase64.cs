namespace PosAuth.Hashing;

/// <summary>
/// The base64 of PHC hash strings, for <see cref="IPinHashFormat"/> implementers: standard alphabet, no padding, decoded
/// strictly (no padding, no whitespace, and the unused low bits of the last character must be zero, so every encoding is
/// canonical and any single-character change changes the bytes or fails). Allocation-free decoding; never throws.
/// </summary>
public static class PhcBase64
{
    /// <summary>The number of bytes <paramref name="chars"/> characters decode to, or -1 when no unpadded base64 has that length.</summary>
    /// <param name="chars">The number of characters.</param>
    /// <returns>The decoded length, or -1.</returns>
    public static int DecodedLength(int chars) => chars < 0 ? -1 : StrictBase64.DecodedLength(chars);

    /// <summary>Decodes strictly into <paramref name="destination"/>.</summary>
    /// <param name="source">The characters.</param>
    /// <param name="destination">Where the bytes go; must be large enough.</param>
    /// <param name="written">The number of bytes written.</param>
    /// <returns><see langword="false"/> for any non-canonical or invalid input, or a too small destination.</returns>
    public static bool TryDecode(ReadOnlySpan<char> source, Span<byte> destination, out int written) => StrictBase64.TryDecode(source, destination, out written);

    /// <summary>Encodes without padding.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The characters.</returns>
    public static string Encode(ReadOnlySpan<byte> bytes) => StrictBase64.Encode(bytes);
}
