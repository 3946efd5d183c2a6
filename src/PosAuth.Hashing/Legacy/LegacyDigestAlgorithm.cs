namespace PosAuth.Hashing;

/// <summary>Unsalted or salted plain digests found in legacy databases. Verified for migration only; never used for new hashes.</summary>
public enum LegacyDigestAlgorithm
{
    /// <summary>MD5 (<c>legacy-md5</c>), 32 hex characters.</summary>
    Md5 = 0,

    /// <summary>SHA-1 (<c>legacy-sha1</c>), 40 hex characters.</summary>
    Sha1 = 1,

    /// <summary>SHA-256 (<c>legacy-sha256</c>), 64 hex characters.</summary>
    Sha256 = 2,
}
