namespace PosAuth.Hashing;

/// <summary>What a stored hash string says about itself (<see cref="IPinHashFormat.Parse"/>). Holds no secret material; the key id is a span into the string, so describing a hash allocates nothing.</summary>
public readonly ref struct PinHashDescription
{
    /// <summary>Creates a description.</summary>
    /// <param name="format">The format family as <see cref="PinHashInspection.Format"/> reports it (<c>pbkdf2</c>, <c>identity-v3</c>, <c>argon2id</c>...).</param>
    /// <param name="algorithm">The algorithm as written (<c>pbkdf2-sha512</c>, <c>argon2id</c>...).</param>
    /// <param name="iterations">Iterations (PBKDF2) or passes (Argon2id <c>t</c>); 0 when none.</param>
    /// <param name="memorySize">Memory in KiB (Argon2id <c>m</c>); 0 when none.</param>
    /// <param name="pepperKeyId">The pepper key id (<c>k=</c>); empty when not peppered.</param>
    /// <param name="meetsConfiguredParameters">Whether the stored parameters are those the format writes now (when <see langword="false"/>, a success asks for a rehash).</param>
    public PinHashDescription(string format, string algorithm, int iterations, int memorySize, ReadOnlySpan<char> pepperKeyId, bool meetsConfiguredParameters)
    {
        Format = format;
        Algorithm = algorithm;
        Iterations = iterations;
        MemorySize = memorySize;
        PepperKeyId = pepperKeyId;
        MeetsConfiguredParameters = meetsConfiguredParameters;
    }

    /// <summary>The format family (<see cref="PinHashInspection.Format"/>); may be <see langword="null"/> when a parse failed before it was known.</summary>
    public string Format { get; }

    /// <summary>The algorithm as written; may be <see langword="null"/> when a parse failed before it was known.</summary>
    public string Algorithm { get; }

    /// <summary>Iterations (PBKDF2) or passes (Argon2id); 0 when none.</summary>
    public int Iterations { get; }

    /// <summary>Memory in KiB (Argon2id); 0 when none.</summary>
    public int MemorySize { get; }

    /// <summary>The pepper key id; empty when not peppered.</summary>
    public ReadOnlySpan<char> PepperKeyId { get; }

    /// <summary>Whether the stored parameters are the configured ones (or stronger, where the format says so).</summary>
    public bool MeetsConfiguredParameters { get; }
}
