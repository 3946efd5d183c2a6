namespace PosAuth.Hashing.Argon2;

/// <summary>Parameters of the Argon2id format (<see cref="Argon2idPinHasher"/>, <c>AddPosAuthArgon2id</c>). Validated when the format is created (or at start-up with DI); every error in one message.</summary>
public sealed class Argon2idPinHasherOptions
{
    /// <summary>The default memory cost: 19,456 KiB (19 MiB), OWASP's first Argon2id configuration.</summary>
    public const int DefaultMemorySize = 19_456;

    /// <summary>The default number of passes: 2 (OWASP, with 19 MiB).</summary>
    public const int DefaultIterations = 2;

    /// <summary>The salt size, fixed by libsodium's <c>crypto_pwhash</c>: 16 bytes. Stored hashes with another salt size are <see cref="PinHashError.WrongLength"/>.</summary>
    public const int SaltSize = 16;

    /// <summary>The parallelism, fixed by libsodium: 1 lane (<c>p=1</c>). Stored hashes with another value are <see cref="PinHashError.UnsupportedParameter"/>.</summary>
    public const int Parallelism = 1;

    /// <summary>The lowest value <see cref="MinimumMemorySize"/> may take: 8 KiB (Argon2's minimum, 8 × parallelism).</summary>
    public const int AbsoluteMinimumMemorySize = 8;

    /// <summary>The highest value <see cref="MaximumMemorySize"/> may take: 1,048,576 KiB (1 GiB).</summary>
    public const int AbsoluteMaximumMemorySize = 1_048_576;

    /// <summary>Memory cost of new hashes, in KiB (<c>m=</c>). Default: 19,456 (19 MiB). Must lie within [<see cref="MinimumMemorySize"/>, <see cref="MaximumMemorySize"/>].</summary>
    public int MemorySize { get; set; } = DefaultMemorySize;

    /// <summary>Passes of new hashes (<c>t=</c>). Default: 2. Must lie within [<see cref="MinimumIterations"/>, <see cref="MaximumIterations"/>].</summary>
    public int Iterations { get; set; } = DefaultIterations;

    /// <summary>Hash (tag) size in bytes. Default: 32. Allowed: 16 to 64. Not recorded in the string, so part of the format: a stored hash of another length is corrupt.</summary>
    public int HashSize { get; set; } = 32;

    /// <summary>Floor: a stored hash asking for less memory is refused as <see cref="PinHashError.MemoryOutOfRange"/>. Default: 7,168 KiB (7 MiB, OWASP's lowest configuration). At least 8.</summary>
    public int MinimumMemorySize { get; set; } = 7_168;

    /// <summary>
    /// Ceiling, for small terminals: a stored hash asking for more memory is refused as <see cref="PinHashError.MemoryOutOfRange"/>
    /// without allocating anything (a tampered or foreign string cannot exhaust the device). Default: 65,536 KiB (64 MiB).
    /// At most 1 GiB, and at least <see cref="MemorySize"/>.
    /// </summary>
    public int MaximumMemorySize { get; set; } = 65_536;

    /// <summary>Floor on passes: a stored hash with fewer is <see cref="PinHashError.IterationsOutOfRange"/>. Default: 1. At least 1.</summary>
    public int MinimumIterations { get; set; } = 1;

    /// <summary>Ceiling on passes: a stored hash with more is <see cref="PinHashError.IterationsOutOfRange"/> (verification must not hang). Default: 10.</summary>
    public int MaximumIterations { get; set; } = 10;
}
