using System.Globalization;

namespace PosAuth.Benchmarks.Infrastructure;

/// <summary>
/// The parameters of a PHC string <c>$pbkdf2-sha512$i=N[,k=id]$salt$hash</c>, decoded once in the set-up so the
/// raw-primitive baseline derives with exactly the bytes and iteration count PosAuth uses.
/// </summary>
public sealed record PhcParts(int Iterations, byte[] Salt, byte[] Hash)
{
    public static PhcParts Parse(string phc)
    {
        string[] parts = phc.Split('$');
        // "", "pbkdf2-sha512", "i=220000[,k=id]", salt, hash
        string iterations = parts[2].Split(',')[0]["i=".Length..];
        return new PhcParts(int.Parse(iterations, CultureInfo.InvariantCulture), FromBase64(parts[3]), FromBase64(parts[4]));
    }

    private static byte[] FromBase64(string unpadded) =>
        Convert.FromBase64String(unpadded.PadRight((unpadded.Length + 3) / 4 * 4, '='));
}
