namespace PosAuth.Hashing;

/// <summary>What a stored hash string says about itself, found without any PIN. Never contains secret material.</summary>
/// <param name="Error">Why the hash is unusable, or <see cref="PinHashError.None"/>.</param>
/// <param name="Format">The format family: <c>pbkdf2</c>, <c>identity-v2</c>, <c>identity-v3</c>, <c>legacy-digest</c>, <c>argon2id</c>, or empty when unrecognised.</param>
/// <param name="Algorithm">The algorithm name as written (e.g. <c>pbkdf2-sha512</c>, <c>legacy-md5</c>), or empty.</param>
/// <param name="Iterations">The iteration count (Argon2id: passes, <c>t=</c>), or 0 when the format has none or it could not be read.</param>
/// <param name="PepperKeyId">The pepper key id (<c>k=</c>), or <see langword="null"/> when the hash is not peppered.</param>
/// <param name="NeedsRehash">Whether a successful verification would report <see cref="PinVerificationResult.SuccessRehashNeeded"/>.</param>
public readonly record struct PinHashInspection(
    PinHashError Error,
    string Format,
    string Algorithm,
    int Iterations,
    string? PepperKeyId,
    bool NeedsRehash)
{
    /// <summary>The memory cost in KiB (Argon2id <c>m=</c>), or 0 when the format has none or it could not be read.</summary>
    public int MemorySize { get; init; }

    /// <summary>Whether the hash can be verified against (no <see cref="Error"/>).</summary>
    public bool IsValid => Error == PinHashError.None;

    internal static PinHashInspection Invalid(PinHashError error, string format = "", string algorithm = "", int iterations = 0, string? keyId = null) =>
        new(error, format, algorithm, iterations, keyId, false);
}
