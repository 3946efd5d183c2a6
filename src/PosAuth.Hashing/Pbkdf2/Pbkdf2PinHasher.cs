using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>
/// The default <see cref="IPinHasher"/>: PBKDF2 (HMAC-SHA512 by default) through <see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, HashAlgorithmName)"/>,
/// optional HMAC-SHA256 pepper, PHC strings <c>$pbkdf2-sha512$i=220000[,k=keyid]$salt$hash</c>.
/// Also verifies ASP.NET Core Identity v2/v3 strings and imported legacy digests (<see cref="LegacyHashImporter"/>).
/// Verification of a PHC string allocates nothing, compares in constant time and zeroes its buffers.
/// Thread-safe.
/// </summary>
public sealed class Pbkdf2PinHasher : IPinHasher
{
    private readonly Pbkdf2PinHasherOptions _options;
    private readonly IPinPepperProvider? _pepper;

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
        ArgumentNullException.ThrowIfNull(options);
        _options = new Pbkdf2PinHasherOptions
        {
            Algorithm = options.Algorithm,
            Iterations = options.Iterations,
            SaltSize = options.SaltSize,
            HashSize = options.HashSize,
            MinimumIterations = options.MinimumIterations,
            MaximumIterations = options.MaximumIterations,
        };
        Pbkdf2PinHasherOptionsValidator.ThrowIfInvalid(_options);
        _pepper = pepper;
    }

    /// <summary>Creates a hasher from DI options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="pepper">The pepper provider, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public Pbkdf2PinHasher(IOptions<Pbkdf2PinHasherOptions> options, IPinPepperProvider? pepper = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, pepper)
    {
    }

    /// <inheritdoc />
    public string Hash(ReadOnlySpan<char> pin)
    {
        Span<char> chars = stackalloc char[PinInput.MaxLength];
        Span<byte> bytes = stackalloc byte[PinInput.MaxLength];
        Span<byte> peppered = stackalloc byte[32];
        Span<byte> salt = stackalloc byte[_options.SaltSize];
        Span<byte> hash = stackalloc byte[_options.EffectiveHashSize];
        try
        {
            if (!PinInput.TryNormalize(pin, chars, out int length, out PinInputError error))
            {
                throw new InvalidPinException(error);
            }

            ReadOnlySpan<byte> password = ToBytes(chars[..length], bytes);
            string? keyId = null;
            if (_pepper is not null)
            {
                keyId = _pepper.CurrentKeyId;
                if (!PepperKeyId.IsWellFormed(keyId) || !_pepper.TryGetKey(keyId, out ReadOnlyMemory<byte> key))
                {
                    throw new InvalidOperationException("The pepper provider's current key id is malformed or has no key.");
                }

                HMACSHA256.HashData(key.Span, password, peppered);
                password = peppered;
            }

            RandomNumberGenerator.Fill(salt);
            Pbkdf2Kdf.Derive(password, salt, hash, _options.Iterations, HashName(_options.Algorithm));
            string parameters = keyId is null ? $"i={_options.Iterations}" : $"i={_options.Iterations},k={keyId}";
            return $"${PhcHashString.AlgorithmId(_options.Algorithm)}${parameters}${StrictBase64.Encode(salt)}${StrictBase64.Encode(hash)}";
        }
        finally
        {
            MemoryMarshal.AsBytes(chars).Clear();
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(peppered);
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    /// <inheritdoc />
    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
    {
        if (storedHash is null)
        {
            return PinVerificationResult.Failed;
        }

        Span<char> chars = stackalloc char[PinInput.MaxLength];
        Span<byte> bytes = stackalloc byte[PinInput.MaxLength];
        try
        {
            if (!PinInput.TryNormalize(pin, chars, out int length, out _))
            {
                return PinVerificationResult.Failed;
            }

            ReadOnlySpan<byte> password = ToBytes(chars[..length], bytes);
            if (storedHash.StartsWith('$'))
            {
                if (storedHash.StartsWith("$pbkdf2-", StringComparison.Ordinal))
                {
                    return VerifyPbkdf2(storedHash, password);
                }

                if (storedHash.StartsWith(LegacyDigestHash.Prefix, StringComparison.Ordinal))
                {
                    return LegacyDigestHash.Verify(storedHash, password) ? PinVerificationResult.SuccessRehashNeeded : PinVerificationResult.Failed;
                }

                return PinVerificationResult.Failed;
            }

            return IdentityHash.Verify(storedHash, password, _options.MaximumIterations)
                ? PinVerificationResult.SuccessRehashNeeded
                : PinVerificationResult.Failed;
        }
        finally
        {
            MemoryMarshal.AsBytes(chars).Clear();
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <inheritdoc />
    public PinHashInspection Inspect(string storedHash)
    {
        if (string.IsNullOrEmpty(storedHash))
        {
            return PinHashInspection.Invalid(PinHashError.Malformed);
        }

        if (storedHash.StartsWith('$'))
        {
            if (storedHash.StartsWith("$pbkdf2-", StringComparison.Ordinal))
            {
                return InspectPbkdf2(storedHash);
            }

            if (storedHash.StartsWith(LegacyDigestHash.Prefix, StringComparison.Ordinal))
            {
                return LegacyDigestHash.Inspect(storedHash);
            }

            return storedHash.IndexOf('$', 1) < 0
                ? PinHashInspection.Invalid(PinHashError.Malformed)
                : PinHashInspection.Invalid(PinHashError.UnknownAlgorithm);
        }

        return IdentityHash.Inspect(storedHash, _options.MaximumIterations);
    }

    private static ReadOnlySpan<byte> ToBytes(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (int i = 0; i < digits.Length; i++)
        {
            destination[i] = (byte)digits[i];
        }

        return destination[..digits.Length];
    }

    private static HashAlgorithmName HashName(Pbkdf2Algorithm algorithm) =>
        algorithm == Pbkdf2Algorithm.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;

    private PinVerificationResult VerifyPbkdf2(string storedHash, ReadOnlySpan<byte> password)
    {
        if (PhcHashString.TryParse(storedHash, _options.MinimumIterations, _options.MaximumIterations, out PhcHashString phc) != PinHashError.None)
        {
            return PinVerificationResult.Failed;
        }

        Span<byte> salt = stackalloc byte[PhcHashString.MaxSaltBytes];
        Span<byte> expected = stackalloc byte[PhcHashString.MaxHashBytes];
        Span<byte> actual = stackalloc byte[PhcHashString.MaxHashBytes];
        Span<byte> peppered = stackalloc byte[32];
        try
        {
            if (!StrictBase64.TryDecode(phc.Salt, salt, out int saltLength) || !StrictBase64.TryDecode(phc.Hash, expected, out int hashLength))
            {
                return PinVerificationResult.Failed;
            }

            scoped ReadOnlySpan<byte> input = password;
            if (!phc.KeyId.IsEmpty)
            {
                if (_pepper is null || !_pepper.TryGetKey(phc.KeyId, out ReadOnlyMemory<byte> key))
                {
                    return PinVerificationResult.Failed;
                }

                HMACSHA256.HashData(key.Span, password, peppered);
                input = peppered;
            }

            Span<byte> derived = actual[..hashLength];
            Pbkdf2Kdf.Derive(input, salt[..saltLength], derived, phc.Iterations, HashName(phc.Algorithm));
            if (!CryptographicOperations.FixedTimeEquals(derived, expected[..hashLength]))
            {
                return PinVerificationResult.Failed;
            }

            return NeedsRehash(phc.Algorithm, phc.Iterations, phc.KeyId, saltLength, hashLength)
                ? PinVerificationResult.SuccessRehashNeeded
                : PinVerificationResult.Success;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
            CryptographicOperations.ZeroMemory(peppered);
        }
    }

    private PinHashInspection InspectPbkdf2(string storedHash)
    {
        const string Format = "pbkdf2";
        PinHashError error = PhcHashString.TryParse(storedHash, _options.MinimumIterations, _options.MaximumIterations, out PhcHashString phc);
        if (error != PinHashError.None)
        {
            return PinHashInspection.Invalid(error, Format);
        }

        Span<byte> buffer = stackalloc byte[Math.Max(PhcHashString.MaxSaltBytes, PhcHashString.MaxHashBytes)];
        if (!StrictBase64.TryDecode(phc.Salt, buffer, out int saltLength) || !StrictBase64.TryDecode(phc.Hash, buffer, out int hashLength))
        {
            return PinHashInspection.Invalid(PinHashError.Malformed, Format);
        }

        string algorithm = PhcHashString.AlgorithmId(phc.Algorithm);
        string? keyId = phc.KeyId.IsEmpty ? null : phc.KeyId.ToString();
        if (!phc.KeyId.IsEmpty && (_pepper is null || !_pepper.TryGetKey(phc.KeyId, out _)))
        {
            return PinHashInspection.Invalid(PinHashError.UnknownPepperKey, Format, algorithm, phc.Iterations, keyId);
        }

        return new PinHashInspection(PinHashError.None, Format, algorithm, phc.Iterations, keyId, NeedsRehash(phc.Algorithm, phc.Iterations, phc.KeyId, saltLength, hashLength));
    }

    private bool NeedsRehash(Pbkdf2Algorithm algorithm, int iterations, ReadOnlySpan<char> keyId, int saltLength, int hashLength)
    {
        if (algorithm != _options.Algorithm || iterations < _options.Iterations
            || saltLength < _options.SaltSize || hashLength < _options.EffectiveHashSize)
        {
            return true;
        }

        return _pepper is null ? !keyId.IsEmpty : !keyId.SequenceEqual(_pepper.CurrentKeyId);
    }
}
