using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// Counts, per thread, the PBKDF2 work this assembly ran, in PRF block-iterations (iterations × output blocks), by PRF.
/// Tests and benchmarks read it to prove the constant-cost rule deterministically, without a clock. A few nanoseconds
/// per KDF call; no allocation.
/// </summary>
internal static class KdfMeter
{
    [ThreadStatic]
    private static long t_sha1;

    [ThreadStatic]
    private static long t_sha256;

    [ThreadStatic]
    private static long t_sha512;

    public static void Add(HashAlgorithmName prf, long blockIterations)
    {
        if (prf == HashAlgorithmName.SHA512)
        {
            t_sha512 += blockIterations;
        }
        else if (prf == HashAlgorithmName.SHA256)
        {
            t_sha256 += blockIterations;
        }
        else
        {
            t_sha1 += blockIterations;
        }
    }

    /// <summary>The totals on this thread so far.</summary>
    public static KdfWork Read() => new(t_sha1, t_sha256, t_sha512);

    internal readonly record struct KdfWork(long Sha1, long Sha256, long Sha512)
    {
        public static KdfWork operator -(KdfWork a, KdfWork b) => new(a.Sha1 - b.Sha1, a.Sha256 - b.Sha256, a.Sha512 - b.Sha512);
    }
}
