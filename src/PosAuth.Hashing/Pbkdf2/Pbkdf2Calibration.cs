using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>Picks a PBKDF2 iteration count for a target verification time on the current machine.</summary>
public static class Pbkdf2Calibration
{
    /// <summary>Iterations run per timing probe.</summary>
    internal const int ProbeIterations = 2_000;

    /// <summary>
    /// Measures PBKDF2 on this machine and returns the iteration count whose verification takes about
    /// <paramref name="target"/>, rounded down to a multiple of 1,000 and clamped to
    /// [<paramref name="minimumIterations"/>, <paramref name="maximumIterations"/>] (so never below the floor).
    /// </summary>
    /// <param name="target">The desired verification time; must not be negative.</param>
    /// <param name="algorithm">The PRF to measure. Default: SHA-512.</param>
    /// <param name="minimumIterations">The floor. Default: 10,000.</param>
    /// <param name="maximumIterations">The ceiling. Default: 10,000,000.</param>
    /// <param name="timeProvider">The clock used to time the probes. Default: <see cref="TimeProvider.System"/>.</param>
    /// <returns>The iteration count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is negative, or the bounds are not ordered and positive.</exception>
    public static int ForTarget(
        TimeSpan target,
        Pbkdf2Algorithm algorithm = Pbkdf2Algorithm.Sha512,
        int minimumIterations = 10_000,
        int maximumIterations = 10_000_000,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumIterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumIterations, minimumIterations);
        TimeProvider clock = timeProvider ?? TimeProvider.System;
        HashAlgorithmName name = algorithm == Pbkdf2Algorithm.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;

        Span<byte> password = stackalloc byte[6];
        Span<byte> salt = stackalloc byte[16];
        Span<byte> output = stackalloc byte[name == HashAlgorithmName.SHA256 ? 32 : 64];
        RandomNumberGenerator.Fill(salt);
        "000000"u8.CopyTo(password);

        // Best of three probes (the first one also warms up the native code path).
        TimeSpan best = TimeSpan.MaxValue;
        for (int probe = 0; probe < 3; probe++)
        {
            long start = clock.GetTimestamp();
            Rfc2898DeriveBytes.Pbkdf2(password, salt, output, ProbeIterations, name);
            TimeSpan elapsed = clock.GetElapsedTime(start);
            if (elapsed < best)
            {
                best = elapsed;
            }
        }

        double iterations = best <= TimeSpan.Zero
            ? maximumIterations
            : target.Ticks / (double)best.Ticks * ProbeIterations;
        double rounded = Math.Floor(iterations / 1_000) * 1_000;
        return (int)Math.Clamp(rounded, minimumIterations, maximumIterations);
    }

    /// <summary>
    /// How much one PBKDF2 block-iteration of <paramref name="prf"/> costs on this machine relative to one of
    /// <paramref name="reference"/>: the best of <paramref name="probes"/> interleaved probes of
    /// <see cref="ProbeIterations"/> iterations each (the best, because a probe is only ever slowed by other work), clamped
    /// to [0, 2]. 0 when the clock cannot measure it (then nothing is converted).
    /// </summary>
    internal static double RelativeCost(HashAlgorithmName prf, HashAlgorithmName reference, TimeProvider clock, int probes = 5)
    {
        Span<byte> password = stackalloc byte[8];
        Span<byte> salt = stackalloc byte[16];
        Span<byte> output = stackalloc byte[64];
        "00000000"u8.CopyTo(password);
        TimeSpan bestPrf = TimeSpan.MaxValue;
        TimeSpan bestReference = TimeSpan.MaxValue;
        for (int probe = 0; probe < probes; probe++)
        {
            long start = clock.GetTimestamp();
            Rfc2898DeriveBytes.Pbkdf2(password, salt, output[..Pbkdf2Kdf.OutputBytes(prf)], ProbeIterations, prf);
            TimeSpan elapsed = clock.GetElapsedTime(start);
            bestPrf = elapsed < bestPrf ? elapsed : bestPrf;

            start = clock.GetTimestamp();
            Rfc2898DeriveBytes.Pbkdf2(password, salt, output[..Pbkdf2Kdf.OutputBytes(reference)], ProbeIterations, reference);
            elapsed = clock.GetElapsedTime(start);
            bestReference = elapsed < bestReference ? elapsed : bestReference;
        }

        return bestPrf <= TimeSpan.Zero || bestReference <= TimeSpan.Zero
            ? 0
            : Math.Clamp(bestPrf.Ticks / (double)bestReference.Ticks, 0, 2);
    }
}
