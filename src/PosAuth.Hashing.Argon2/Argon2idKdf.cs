using Sodium = Geralt;

namespace PosAuth.Hashing.Argon2;

/// <summary>
/// The one place this assembly runs Argon2id (libsodium through Geralt), metered per thread (passes × KiB, and the
/// largest memory asked for) so tests and benchmarks can prove the constant-cost rule and the memory ceiling without a
/// clock. A few nanoseconds per call; no allocation.
/// </summary>
internal static class Argon2idKdf
{
    private const int Kibibyte = 1024;

    [ThreadStatic]
    private static long t_work;

    [ThreadStatic]
    private static long t_largest;

    /// <summary>Derives <paramref name="destination"/> with <paramref name="passes"/> passes over <paramref name="memorySize"/> KiB, one lane, version 19.</summary>
    public static void Derive(Span<byte> destination, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int passes, int memorySize)
    {
        Sodium.Argon2id.DeriveKey(destination, password, salt, passes, memorySize * Kibibyte);
        t_work += (long)passes * memorySize;
        t_largest = Math.Max(t_largest, memorySize);
    }

    /// <summary>This thread's totals: work in pass-KiB, and the largest memory (KiB) any call asked for.</summary>
    public static (long Work, long LargestMemory) Read() => (t_work, t_largest);

    public static void ResetLargest() => t_largest = 0;
}
