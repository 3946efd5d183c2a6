namespace PosAuth.Hashing;

/// <summary>The HMAC pseudo-random function used by PBKDF2.</summary>
public enum Pbkdf2Algorithm
{
    /// <summary>PBKDF2-HMAC-SHA512 (<c>pbkdf2-sha512</c>), 64-byte output. The default.</summary>
    Sha512 = 0,

    /// <summary>PBKDF2-HMAC-SHA256 (<c>pbkdf2-sha256</c>), 32-byte output.</summary>
    Sha256 = 1,
}
