using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>The one place hashing, verification and padding run PBKDF2 (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, HashAlgorithmName)"/>), metered; only the calibration probes call the primitive directly.</summary>
internal static class Pbkdf2Kdf
{
    public const string Sha512Id = "pbkdf2-sha512";
    public const string Sha256Id = "pbkdf2-sha256";
    public const string Sha1Id = "pbkdf2-sha1";

    /// <summary>The primitive's name, as <see cref="PinHashWork.Kdf"/> and <see cref="PinHashInspection.Algorithm"/> write it.</summary>
    public static string Id(HashAlgorithmName prf) =>
        prf == HashAlgorithmName.SHA512 ? Sha512Id : prf == HashAlgorithmName.SHA256 ? Sha256Id : Sha1Id;

    public static int OutputBytes(HashAlgorithmName prf) =>
        prf == HashAlgorithmName.SHA512 ? 64 : prf == HashAlgorithmName.SHA256 ? 32 : 20;

    /// <summary>PBKDF2 computes one PRF chain per <see cref="OutputBytes"/> of output: its cost is iterations × blocks.</summary>
    public static int Blocks(HashAlgorithmName prf, int length) => (length + OutputBytes(prf) - 1) / OutputBytes(prf);

    public static void Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Span<byte> destination, int iterations, HashAlgorithmName prf)
    {
        Rfc2898DeriveBytes.Pbkdf2(password, salt, destination, iterations, prf);
        KdfMeter.Add(prf, (long)iterations * Blocks(prf, destination.Length));
    }
}
