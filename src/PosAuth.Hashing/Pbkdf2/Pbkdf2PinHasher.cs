using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>
/// The default <see cref="IPinHasher"/>: PBKDF2 (HMAC-SHA512 by default) through <see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, HashAlgorithmName)"/>,
/// optional HMAC-SHA256 pepper, PHC strings <c>$pbkdf2-sha512$i=220000[,k=keyid]$salt$hash</c>.
/// Also verifies ASP.NET Core Identity v2/v3 strings and imported legacy digests (<see cref="LegacyHashImporter"/>).
/// A <see cref="PinHasher"/> with the PBKDF2 format alone: every verification costs the configured PBKDF2 run (a legacy,
/// weaker, corrupt or unknown-key hash is padded to it), allocates nothing, compares in constant time and zeroes its buffers.
/// Thread-safe.
/// </summary>
public sealed class Pbkdf2PinHasher : IPinHasher
{
    /// <summary>The name of the PBKDF2 format (<see cref="IPinHashFormat.Name"/>, <see cref="PinHasherOptions.WriteFormat"/>): <c>pbkdf2</c>.</summary>
    public const string FormatName = "pbkdf2";

    private readonly PinHasher _hasher;

    /// <summary>Creates a hasher with the defaults (PBKDF2-HMAC-SHA512, 220,000 iterations, 16-byte salt, no pepper).</summary>
    public Pbkdf2PinHasher()
        : this(new Pbkdf2PinHasherOptions())
    {
    }

    /// <summary>Creates a hasher with the given options and optional pepper.</summary>
    /// <param name="options">The options; copied, then validated.</param>
    /// <param name="pepper">The pepper provider, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public Pbkdf2PinHasher(Pbkdf2PinHasherOptions options, IPinPepperProvider? pepper = null)
    {
        _hasher = new PinHasher(new Pbkdf2HashFormat(options), null, pepper);
    }

    /// <summary>Creates a hasher from DI options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="pepper">The pepper provider, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public Pbkdf2PinHasher(IOptions<Pbkdf2PinHasherOptions> options, IPinPepperProvider? pepper = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, pepper)
    {
    }

    /// <summary>The PBKDF2 format (PHC strings written; Identity v2/v3 and legacy digests read), to compose a <see cref="PinHasher"/> with other formats.</summary>
    /// <param name="options">The options; copied, then validated.</param>
    /// <returns>The format.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IPinHashFormat CreateFormat(Pbkdf2PinHasherOptions options) => new Pbkdf2HashFormat(options);

    /// <inheritdoc />
    public string Hash(ReadOnlySpan<char> pin) => _hasher.Hash(pin);

    /// <inheritdoc />
    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin) => _hasher.Verify(storedHash, pin);

    /// <inheritdoc />
    public PinHashInspection Inspect(string storedHash) => _hasher.Inspect(storedHash);

    internal static HashAlgorithmName HashName(Pbkdf2Algorithm algorithm) =>
        algorithm == Pbkdf2Algorithm.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
}
