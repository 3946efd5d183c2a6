namespace PosAuth.Hashing;

/// <summary>
/// Which format the DI-registered <see cref="IPinHasher"/> writes and which it still reads (<c>AddPosAuthHashing</c>
/// composes a <see cref="PinHasher"/> from PBKDF2 and every <see cref="IPinHashFormat"/> registered, for example by
/// <c>AddPosAuthArgon2id</c>). Validated at start-up.
/// </summary>
public sealed class PinHasherOptions
{
    /// <summary>The format new hashes are written in: <see cref="Pbkdf2PinHasher.FormatName"/> (<c>pbkdf2</c>, the default) or the name of a registered format (<c>argon2id</c>). Stored hashes in any other format it reads verify with <see cref="PinVerificationResult.SuccessRehashNeeded"/>.</summary>
    public string WriteFormat { get; set; } = Pbkdf2PinHasher.FormatName;

    /// <summary>
    /// Formats no longer read (default: none). Every format read adds its configured KDF cost to every verification
    /// (the constant-cost rule), so retire the old one once every stored hash has been upgraded (<see cref="IPinHasher.Inspect"/>
    /// tells which have not): its hashes then fail as <see cref="PinHashError.UnknownAlgorithm"/>.
    /// </summary>
    public IList<string> RetiredFormats { get; } = new List<string>();
}
