namespace PosAuth.OfflineUnlock;

/// <summary>A hash function named in an OCRA suite (RFC 6287 section 6), for the HMAC or for the PIN hash.</summary>
public enum OcraHashAlgorithm
{
    /// <summary>SHA-1 (suite token <c>SHA1</c>); 20-byte output.</summary>
    Sha1,

    /// <summary>SHA-256 (suite token <c>SHA256</c>); 32-byte output.</summary>
    Sha256,

    /// <summary>SHA-512 (suite token <c>SHA512</c>); 64-byte output.</summary>
    Sha512,
}
