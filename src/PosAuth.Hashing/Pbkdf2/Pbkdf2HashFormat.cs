using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// The PBKDF2 family as an <see cref="IPinHashFormat"/>: PHC strings <c>$pbkdf2-sha512$i=…[,k=…]$salt$hash</c> (written),
/// and, read for migration, ASP.NET Core Identity v2/v3 strings and imported legacy digests (<c>$legacy-…</c>).
/// Its configured cost is one PBKDF2 run at the configured PRF, iterations and hash size.
/// </summary>
internal sealed class Pbkdf2HashFormat : IPinHashFormat
{
    private const string Format = "pbkdf2";

    // What the padding derives from: a constant (its output is thrown away; PBKDF2's cost does not depend on it).
    private static readonly byte[] PadSalt = new byte[16];
    private readonly Pbkdf2PinHasherOptions _options;
    private readonly HashAlgorithmName _prf;
    private readonly string _kdf;
    private readonly long _configuredWork;

    public Pbkdf2HashFormat(Pbkdf2PinHasherOptions options)
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
        _prf = Pbkdf2PinHasher.HashName(_options.Algorithm);
        _kdf = Pbkdf2Kdf.Id(_prf);
        _configuredWork = (long)_options.Iterations * Pbkdf2Kdf.Blocks(_prf, _options.EffectiveHashSize);
    }

    public string Name => Pbkdf2PinHasher.FormatName;

    public bool Recognizes(ReadOnlySpan<char> storedHash) =>
        storedHash.StartsWith("$pbkdf2-", StringComparison.Ordinal)
        || storedHash.StartsWith(LegacyDigestHash.Prefix, StringComparison.Ordinal)
        || (!storedHash.IsEmpty && storedHash[0] != '$'); // ASP.NET Core Identity: plain base64

    public PinHashError Parse(ReadOnlySpan<char> storedHash, out PinHashDescription description)
    {
        if (storedHash.StartsWith(LegacyDigestHash.Prefix, StringComparison.Ordinal))
        {
            return LegacyDigestHash.Parse(storedHash, out description);
        }

        if (!storedHash.StartsWith('$'))
        {
            return IdentityHash.Parse(storedHash, _options.MinimumIterations, _options.MaximumIterations, out description);
        }

        PinHashError error = PhcHashString.TryParse(storedHash, _options, out PhcHashString phc);
        if (error != PinHashError.None)
        {
            description = new PinHashDescription(Format, string.Empty, 0, 0, default, false);
            return error;
        }

        Span<byte> buffer = stackalloc byte[Math.Max(PhcHashString.MaxSaltBytes, PhcHashString.MaxHashBytes)];
        if (!StrictBase64.TryDecode(phc.Salt, buffer, out int saltLength) || !StrictBase64.TryDecode(phc.Hash, buffer, out int hashLength))
        {
            description = new PinHashDescription(Format, string.Empty, 0, 0, default, false);
            return PinHashError.Malformed;
        }

        bool current = phc.Algorithm == _options.Algorithm && phc.Iterations >= _options.Iterations
            && saltLength >= _options.SaltSize && hashLength >= _options.EffectiveHashSize;
        description = new PinHashDescription(Format, PhcHashString.AlgorithmId(phc.Algorithm), phc.Iterations, 0, phc.KeyId, current);
        return PinHashError.None;
    }

    public bool Verify(ReadOnlySpan<char> storedHash, ReadOnlySpan<byte> input, out PinHashWork work)
    {
        if (storedHash.StartsWith(LegacyDigestHash.Prefix, StringComparison.Ordinal))
        {
            work = default;
            return LegacyDigestHash.Verify(storedHash, input);
        }

        if (!storedHash.StartsWith('$'))
        {
            return IdentityHash.Verify(storedHash, input, _options.MinimumIterations, _options.MaximumIterations, out work);
        }

        work = default;
        if (PhcHashString.TryParse(storedHash, _options, out PhcHashString phc) != PinHashError.None)
        {
            return false;
        }

        Span<byte> salt = stackalloc byte[PhcHashString.MaxSaltBytes];
        Span<byte> expected = stackalloc byte[PhcHashString.MaxHashBytes];
        Span<byte> actual = stackalloc byte[PhcHashString.MaxHashBytes];
        try
        {
            if (!StrictBase64.TryDecode(phc.Salt, salt, out int saltLength) || !StrictBase64.TryDecode(phc.Hash, expected, out int hashLength))
            {
                return false;
            }

            HashAlgorithmName prf = Pbkdf2PinHasher.HashName(phc.Algorithm);
            Span<byte> derived = actual[..hashLength];
            Pbkdf2Kdf.Derive(input, salt[..saltLength], derived, phc.Iterations, prf);
            work = new PinHashWork(Pbkdf2Kdf.Id(prf), 0, (long)phc.Iterations * Pbkdf2Kdf.Blocks(prf, hashLength));
            return CryptographicOperations.FixedTimeEquals(derived, expected[..hashLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    public string Hash(ReadOnlySpan<byte> input, string? pepperKeyId)
    {
        Span<byte> salt = stackalloc byte[_options.SaltSize];
        Span<byte> hash = stackalloc byte[_options.EffectiveHashSize];
        try
        {
            RandomNumberGenerator.Fill(salt);
            Pbkdf2Kdf.Derive(input, salt, hash, _options.Iterations, _prf);
            string parameters = pepperKeyId is null ? $"i={_options.Iterations}" : $"i={_options.Iterations},k={pepperKeyId}";
            return $"${PhcHashString.AlgorithmId(_options.Algorithm)}${parameters}${StrictBase64.Encode(salt)}${StrictBase64.Encode(hash)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    public void RunRemainingCost(PinHashWork done)
    {
        // Only work of the configured PRF counts: a SHA-256 or SHA-1 iteration has no honest SHA-512 equivalent.
        long remaining = _configuredWork - done.UnitsOf(_kdf, 0);
        if (remaining <= 0)
        {
            return;
        }

        Span<byte> output = stackalloc byte[Pbkdf2Kdf.OutputBytes(_prf)];
        Pbkdf2Kdf.Derive("00000000"u8, PadSalt, output, (int)Math.Min(remaining, int.MaxValue), _prf);
    }
}
