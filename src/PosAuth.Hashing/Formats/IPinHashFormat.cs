namespace PosAuth.Hashing;

/// <summary>
/// One family of stored PIN hashes (PBKDF2 with its legacy imports, Argon2id, ...) that a <see cref="PinHasher"/> reads,
/// and writes when it is the configured one. The hasher owns what every format shares: PIN normalisation, the pepper
/// (HMAC-SHA256 of the PIN under the key named by the hash's key id, before the KDF), the rehash decision, the constant
/// cost of a verification, never throwing and never succeeding on a corrupt string. A format owns its syntax, its
/// parameters and its KDF. Implementations must be thread-safe, never throw from <see cref="Recognizes"/>,
/// <see cref="Parse"/> or <see cref="Verify"/> for any input, and should not allocate on the verification path.
/// </summary>
public interface IPinHashFormat
{
    /// <summary>The format's name (<c>pbkdf2</c>, <c>argon2id</c>), as <see cref="PinHasherOptions.WriteFormat"/> and <see cref="PinHasherOptions.RetiredFormats"/> name it.</summary>
    string Name { get; }

    /// <summary>Whether a stored string belongs to this format: a cheap look at its prefix (it may still be corrupt).</summary>
    /// <param name="storedHash">The stored string.</param>
    /// <returns><see langword="true"/> when this format should parse it.</returns>
    bool Recognizes(ReadOnlySpan<char> storedHash);

    /// <summary>Parses a stored string strictly, without any PIN: everything but the PIN check.</summary>
    /// <param name="storedHash">A string this format <see cref="Recognizes"/>.</param>
    /// <param name="description">What the string says about itself; on an error, whatever could be read before it.</param>
    /// <returns><see cref="PinHashError.None"/>, or why the string cannot be used.</returns>
    PinHashError Parse(ReadOnlySpan<char> storedHash, out PinHashDescription description);

    /// <summary>Derives from <paramref name="input"/> with the stored parameters and compares in constant time. Called only after <see cref="Parse"/> succeeded.</summary>
    /// <param name="storedHash">The stored string.</param>
    /// <param name="input">The PIN's ASCII digits, or their pepper HMAC when the hash names a key id.</param>
    /// <param name="work">The KDF work that was done, matched or not (what <see cref="RunRemainingCost"/> may subtract).</param>
    /// <returns><see langword="true"/> when the derived value equals the stored one.</returns>
    bool Verify(ReadOnlySpan<char> storedHash, ReadOnlySpan<byte> input, out PinHashWork work);

    /// <summary>Writes a new hash of <paramref name="input"/> with the configured parameters and a fresh random salt.</summary>
    /// <param name="input">The PIN's ASCII digits, or their pepper HMAC.</param>
    /// <param name="pepperKeyId">The pepper key id to record (<c>k=</c>), or <see langword="null"/> when not peppered.</param>
    /// <returns>The string to store.</returns>
    string Hash(ReadOnlySpan<byte> input, string? pepperKeyId);

    /// <summary>
    /// Runs this format's configured KDF cost less the part of it <paramref name="done"/> already ran (work of the same
    /// primitive at the same memory), discarding the result. The hasher calls it on every format it reads after every
    /// verification, so that a verification costs the same whatever the stored string was.
    /// </summary>
    /// <param name="done">The work the verification did (<see langword="default"/> when none).</param>
    void RunRemainingCost(PinHashWork done);
}
