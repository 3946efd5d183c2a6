using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Argon2;

/// <summary>
/// An <see cref="IPinHasher"/> writing Argon2id PHC strings <c>$argon2id$v=19$m=19456,t=2,p=1[,k=keyid]$salt$hash</c>
/// (OWASP defaults, libsodium underneath), with the pepper applied exactly as <see cref="Pbkdf2PinHasher"/> applies it
/// (HMAC-SHA256 of the PIN under the <see cref="IPinPepperProvider"/> key, <c>k=</c> key id). A <see cref="PinHasher"/>
/// with the Argon2id format, optionally also reading PBKDF2 hashes (then rehashed to Argon2id on success, and every
/// verification costs both configured KDF runs: see the README). With dependency injection use <c>AddPosAuthArgon2id</c>.
/// Thread-safe.
/// </summary>
public sealed class Argon2idPinHasher : IPinHasher
{
    /// <summary>The name of the Argon2id format (<see cref="IPinHashFormat.Name"/>, <see cref="PinHasherOptions.WriteFormat"/>): <c>argon2id</c>.</summary>
    public const string FormatName = "argon2id";

    private readonly PinHasher _hasher;

    /// <summary>Creates a hasher with the defaults (m = 19 MiB, t = 2, p = 1, 32-byte hash, no pepper, Argon2id only).</summary>
    public Argon2idPinHasher()
        : this(new Argon2idPinHasherOptions())
    {
    }

    /// <summary>Creates a hasher.</summary>
    /// <param name="options">The Argon2id options; copied, then validated.</param>
    /// <param name="pepper">The pepper provider, or <see langword="null"/> for none.</param>
    /// <param name="alsoReadPbkdf2">PBKDF2 options to keep verifying PBKDF2 (and legacy) hashes with while moving to Argon2id, or <see langword="null"/> to read Argon2id only.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public Argon2idPinHasher(Argon2idPinHasherOptions options, IPinPepperProvider? pepper = null, Pbkdf2PinHasherOptions? alsoReadPbkdf2 = null)
    {
        IPinHashFormat argon2 = CreateFormat(options);
        _hasher = alsoReadPbkdf2 is null
            ? new PinHasher(argon2, null, pepper)
            : new PinHasher(argon2, [Pbkdf2PinHasher.CreateFormat(alsoReadPbkdf2)], pepper);
    }

    /// <summary>The Argon2id format, to compose a <see cref="PinHasher"/> (for example one that writes PBKDF2 and still reads Argon2id).</summary>
    /// <param name="options">The options; copied, then validated.</param>
    /// <returns>The format.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IPinHashFormat CreateFormat(Argon2idPinHasherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Argon2idHashFormat(Options.Create(options));
    }

    /// <inheritdoc />
    public string Hash(ReadOnlySpan<char> pin) => _hasher.Hash(pin);

    /// <inheritdoc />
    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin) => _hasher.Verify(storedHash, pin);

    /// <inheritdoc />
    public PinHashInspection Inspect(string storedHash) => _hasher.Inspect(storedHash);
}
