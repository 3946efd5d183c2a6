namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>RFC 4648 base32 decoding, for the TOTP secret the page shows (what an authenticator app does).</summary>
public static class Base32
{
    public static byte[] Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0;
        int bits = 0;
        foreach (char c in text.Trim().TrimEnd('=').ToUpperInvariant())
        {
            int v = alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(v >= 0, "not base32: " + c);
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
