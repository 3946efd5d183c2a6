namespace PosAuth.Hashing;

/// <summary>Parameters of <see cref="Pbkdf2PinHasher"/>. Validated when the hasher is created (or at start-up with DI).</summary>
public sealed class Pbkdf2PinHasherOptions
{
    /// <summary>The default iteration count: 220,000 (OWASP guidance for PBKDF2-HMAC-SHA512).</summary>
    public const int DefaultIterations = 220_000;

    /// <summary>The lowest value <see cref="MinimumIterations"/> may be set to: 1,000.</summary>
    public const int AbsoluteMinimumIterations = 1_000;

    /// <summary>The PRF for new hashes. Default: <see cref="Pbkdf2Algorithm.Sha512"/>. Stored hashes under another PRF still verify and report a rehash.</summary>
    public Pbkdf2Algorithm Algorithm { get; set; } = Pbkdf2Algorithm.Sha512;

    /// <summary>Iterations for new hashes. Default: 220,000. Must lie within [<see cref="MinimumIterations"/>, <see cref="MaximumIterations"/>]; stored hashes with fewer verify and report a rehash.</summary>
    public int Iterations { get; set; } = DefaultIterations;

    /// <summary>Random salt size in bytes. Default: 16. Allowed: 8 to 64.</summary>
    public int SaltSize { get; set; } = 16;

    /// <summary>
    /// Derived hash size in bytes. Default (<see langword="null"/>): the PRF's output size, 64 for SHA-512 and 32 for SHA-256. Allowed: 16 to 64.
    /// The PHC string does not record it, so it is part of the format: stored hashes must have the PRF's output size or
    /// this size (for <see cref="Algorithm"/>); any other length is corrupt (<see cref="PinHashError.WrongLength"/>).
    /// </summary>
    public int? HashSize { get; set; }

    /// <summary>Floor: a stored hash (PHC or Identity v3) with fewer iterations is treated as corrupt (a tampered string must not make verification cheap). Default: 10,000. At least 1,000. Identity v2's fixed 1,000 iterations are exempt (the format fixes them).</summary>
    public int MinimumIterations { get; set; } = 10_000;

    /// <summary>Ceiling on the work of a stored hash (PHC or Identity v3): iterations × PBKDF2 output blocks above it are treated as corrupt (a tampered string must not make verification hang). Default: 10,000,000.</summary>
    public int MaximumIterations { get; set; } = 10_000_000;

    internal int EffectiveHashSize => HashSize ?? (Algorithm == Pbkdf2Algorithm.Sha256 ? 32 : 64);
}
