namespace PosAuth.Hashing.Argon2.Tests;

/// <summary>Cheap Argon2id parameters for tests (64 KiB, 2 passes; floor lowered to libsodium's minimum).</summary>
internal static class TestArgon2
{
    public const int Memory = 64;
    public const int Passes = 2;

    public static Argon2idPinHasherOptions Options(int memory = Memory, int passes = Passes) => new()
    {
        MemorySize = memory,
        Iterations = passes,
        MinimumMemorySize = Argon2idPinHasherOptions.AbsoluteMinimumMemorySize,
        MaximumMemorySize = 4_096,
        MaximumIterations = 32,
    };

    public static Argon2idPinHasher Create(int memory = Memory, int passes = Passes, IPinPepperProvider? pepper = null, Pbkdf2PinHasherOptions? alsoReadPbkdf2 = null) =>
        new(Options(memory, passes), pepper, alsoReadPbkdf2);

    public static Pbkdf2PinHasherOptions Pbkdf2(int iterations = 1_000) => new() { Iterations = iterations, MinimumIterations = 1_000 };

    public static OptionsPinPepperProvider Pepper(string current, params string[] ids)
    {
        var options = new PinPepperOptions { CurrentKeyId = current };
        foreach (string id in ids)
        {
            // A distinct key per id (from the whole id: "k1" and "k2" once shared a key, so a mutation of the key id in a
            // PHC string still verified and the single-character mutation property failed on the fixture, not the hasher).
            byte[] key = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("posauth-test-pepper:" + id));

            options.Keys[id] = Convert.ToBase64String(key);
        }

        return new OptionsPinPepperProvider(options);
    }

    /// <summary>The Argon2id work (pass-KiB) and the PBKDF2 work (block-iterations by PRF) one call ran on this thread.</summary>
    public static (long Argon2, long LargestMemory, long Sha512) Work(Action action)
    {
        (long argonBefore, _) = Argon2idKdf.Read();
        Argon2idKdf.ResetLargest();
        long sha512Before = KdfMeter.Read().Sha512;
        action();
        (long argonAfter, long largest) = Argon2idKdf.Read();
        return (argonAfter - argonBefore, largest, KdfMeter.Read().Sha512 - sha512Before);
    }
}
