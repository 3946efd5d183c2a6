namespace PosAuth.Hashing;

/// <summary>
/// Standard base64 without padding (PHC strings), decoded strictly: no padding, no whitespace,
/// and the unused low bits of the last character must be zero, so every encoding is canonical and
/// changing any single character changes the decoded bytes or fails.
/// </summary>
internal static class StrictBase64
{
    public static int DecodedLength(int chars) => chars % 4 == 1 ? -1 : (chars * 3) / 4;

    public static bool TryDecode(ReadOnlySpan<char> source, Span<byte> destination, out int written)
    {
        written = 0;
        int length = DecodedLength(source.Length);
        if (length < 0 || destination.Length < length)
        {
            return false;
        }

        int accumulator = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < source.Length; i++)
        {
            int v = Value(source[i]);
            if (v < 0)
            {
                return false;
            }

            accumulator = (accumulator << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                destination[o++] = (byte)(accumulator >> bits);
                accumulator &= (1 << bits) - 1;
            }
        }

        if (accumulator != 0)
        {
            return false; // non-canonical: leftover bits must be zero
        }

        written = o;
        return true;
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
