namespace PosAuth.Hashing;

/// <summary>The outcome of verifying a PIN against a stored hash (the same three states as ASP.NET Core Identity).</summary>
public enum PinVerificationResult
{
    /// <summary>The PIN does not match, or the stored hash is corrupt, unknown or unusable.</summary>
    Failed = 0,

    /// <summary>The PIN matches and the stored hash uses the current parameters.</summary>
    Success = 1,

    /// <summary>The PIN matches but the stored hash should be replaced by <see cref="IPinHasher.Hash"/> (legacy format, weaker parameters or an old pepper key).</summary>
    SuccessRehashNeeded = 2,
}
