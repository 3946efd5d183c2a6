namespace PosAuth.Hashing;

/// <summary>
/// Supplies the secret pepper keys (kept outside the database: secure element, OS keystore, HSM).
/// The PIN is HMAC-SHA256-ed with the key before PBKDF2, and the key id is recorded in the hash (<c>k=</c>).
/// Implementations must be thread-safe and should not allocate in <see cref="TryGetKey"/>.
/// </summary>
public interface IPinPepperProvider
{
    /// <summary>The id of the key used for new hashes: 1 to 32 ASCII letters, digits, '-' or '_'.</summary>
    string CurrentKeyId { get; }

    /// <summary>Looks up a key by id (current or retired).</summary>
    /// <param name="keyId">The key id recorded in a stored hash.</param>
    /// <param name="key">The key bytes when found.</param>
    /// <returns><see langword="true"/> when the key is known.</returns>
    bool TryGetKey(ReadOnlySpan<char> keyId, out ReadOnlyMemory<byte> key);
}
