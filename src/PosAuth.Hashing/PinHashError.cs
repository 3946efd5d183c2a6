namespace PosAuth.Hashing;

/// <summary>Why a stored hash string cannot be used.</summary>
public enum PinHashError
{
    /// <summary>The hash is usable.</summary>
    None = 0,

    /// <summary>The string is empty, truncated, badly encoded or does not follow its format.</summary>
    Malformed = 1,

    /// <summary>The algorithm identifier is not one this hasher supports.</summary>
    UnknownAlgorithm = 2,

    /// <summary>The iteration count is below the configured floor, or the work (PBKDF2: iterations × output blocks; Argon2id: passes) above the configured ceiling.</summary>
    IterationsOutOfRange = 3,

    /// <summary>The salt or the hash has a length the format does not allow.</summary>
    WrongLength = 4,

    /// <summary>The hash names a pepper key id the pepper provider does not know (or no provider is configured).</summary>
    UnknownPepperKey = 5,

    /// <summary>The hash names a parameter value that is not supported (a legacy PRF or salt position, an Argon2 version or parallelism).</summary>
    UnsupportedParameter = 6,

    /// <summary>The memory cost (Argon2id <c>m=</c>) is below the configured floor or above the configured ceiling: refused without allocating it.</summary>
    MemoryOutOfRange = 7,
}
