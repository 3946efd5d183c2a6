using System.Text;

namespace PosAuth.Hashing;

/// <summary>
/// Converts plain hex digests from a legacy database into the self-describing string that
/// <see cref="Pbkdf2PinHasher.Verify"/> accepts: <c>$legacy-sha256$&lt;hex&gt;</c>, or with a salt
/// <c>$legacy-sha256$salt=&lt;base64 without padding&gt;,pos=prefix|suffix$&lt;hex&gt;</c>. Such hashes always
/// verify as <see cref="PinVerificationResult.SuccessRehashNeeded"/>. ASP.NET Core Identity v2/v3 strings need no
/// import: store them as they are.
/// </summary>
public static class LegacyHashImporter
{
    /// <summary>Imports an unsalted digest: <c>digest(pin)</c>.</summary>
    /// <param name="algorithm">The digest algorithm.</param>
    /// <param name="hexDigest">The digest in hex (either case).</param>
    /// <returns>The string to store.</returns>
    /// <exception cref="ArgumentException">The digest is not hex of the right length.</exception>
    public static string FromHexDigest(LegacyDigestAlgorithm algorithm, string hexDigest) =>
        FromHexDigest(algorithm, hexDigest, ReadOnlySpan<byte>.Empty, LegacySaltPosition.Prefix);

    /// <summary>Imports a salted digest: <c>digest(salt || pin)</c> or <c>digest(pin || salt)</c>.</summary>
    /// <param name="algorithm">The digest algorithm.</param>
    /// <param name="hexDigest">The digest in hex (either case).</param>
    /// <param name="salt">The salt bytes (0 to 64); empty for none.</param>
    /// <param name="position">Where the salt went.</param>
    /// <returns>The string to store.</returns>
    /// <exception cref="ArgumentException">The digest is not hex of the right length, or the salt is longer than 64 bytes.</exception>
    public static string FromHexDigest(LegacyDigestAlgorithm algorithm, string hexDigest, ReadOnlySpan<byte> salt, LegacySaltPosition position)
    {
        ArgumentNullException.ThrowIfNull(hexDigest);
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm));
        }

        if (!Enum.IsDefined(position))
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        if (salt.Length > 64)
        {
            throw new ArgumentException("The salt may be at most 64 bytes.", nameof(salt));
        }

        int bytes = LegacyDigestHash.DigestBytes(algorithm);
        Span<byte> digest = stackalloc byte[32];
        if (hexDigest.Length != bytes * 2
            || Convert.FromHexString(hexDigest, digest, out _, out int written) != System.Buffers.OperationStatus.Done
            || written != bytes)
        {
            throw new ArgumentException($"The digest must be {bytes * 2} hex characters.", nameof(hexDigest));
        }

        return LegacyDigestHash.Build(algorithm, digest[..bytes], salt, position);
    }

    /// <summary>Imports a digest salted with a text salt, encoded as UTF-8 (the usual layout of a salt column).</summary>
    /// <param name="algorithm">The digest algorithm.</param>
    /// <param name="hexDigest">The digest in hex (either case).</param>
    /// <param name="salt">The salt text.</param>
    /// <param name="position">Where the salt went.</param>
    /// <returns>The string to store.</returns>
    /// <exception cref="ArgumentException">The digest is not hex of the right length, or the salt is longer than 64 bytes.</exception>
    public static string FromHexDigest(LegacyDigestAlgorithm algorithm, string hexDigest, string salt, LegacySaltPosition position)
    {
        ArgumentNullException.ThrowIfNull(salt);
        return FromHexDigest(algorithm, hexDigest, Encoding.UTF8.GetBytes(salt), position);
    }
}
