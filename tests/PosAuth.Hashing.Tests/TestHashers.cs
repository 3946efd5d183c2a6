namespace PosAuth.Hashing.Tests;

/// <summary>Cheap hashers for tests (1,000 iterations with the floor lowered).</summary>
internal static class TestHashers
{
    public const int Iterations = 1_000;

    public static Pbkdf2PinHasherOptions Options(Pbkdf2Algorithm algorithm = Pbkdf2Algorithm.Sha512, int iterations = Iterations) => new()
    {
        Algorithm = algorithm,
        Iterations = iterations,
        MinimumIterations = Pbkdf2PinHasherOptions.AbsoluteMinimumIterations,
    };

    public static Pbkdf2PinHasher Create(Pbkdf2Algorithm algorithm = Pbkdf2Algorithm.Sha512, int iterations = Iterations, IPinPepperProvider? pepper = null) =>
        new(Options(algorithm, iterations), pepper);

    public static OptionsPinPepperProvider Pepper(string current, params string[] ids)
    {
        var options = new PinPepperOptions { CurrentKeyId = current };
        foreach (string id in ids)
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(id.GetHashCode(StringComparison.Ordinal) + i);
            }

            options.Keys[id] = Convert.ToBase64String(key);
        }

        return new OptionsPinPepperProvider(options);
    }
}
