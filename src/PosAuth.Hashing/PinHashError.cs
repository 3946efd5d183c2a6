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

    /// <summary>The iteration count is below the configured floor or above the configured ceiling.</summary>
    IterationsOutOfRange = 3,

    /// <summary>The salt or the hash has a length the format does not allow.</summary>
    WrongLength = 4,

    /// <summary>The hash names a pepper key id the pepper provider does not know (or no provider is configured).</summary>
    UnknownPepperKey = 5,

    /// <summary>A legacy hash names a parameter (PRF, salt position) that is not supported.</summary>
    UnsupportedParameter = 6,
}
