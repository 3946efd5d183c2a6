using System.Security.Cryptography;

namespace PosAuth.Hashing;

/// <summary>
/// The PBKDF2 family as an <see cref="IPinHashFormat"/>: PHC strings <c>$pbkdf2-sha512$i=…[,k=…]$salt$hash</c> (written),
/// and, read for migration, ASP.NET Core Identity v2/v3 strings and imported legacy digests (<c>$legacy-…</c>).
/// Its configured cost is one PBKDF2 run at the configured PRF, iterations and hash size. Work done with another PRF
/// (a SHA-256 PHC hash under SHA-512, Identity v2's SHA-1, Identity v3's SHA-256) counts toward it at the relative cost
/// of the two PRFs measured on this machine, once per PRF, when first needed
/// (<see cref="Pbkdf2Calibration.RelativeCost"/>); if that cannot be measured, it counts for nothing (the whole
/// configured cost is paid on top).
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
    private readonly TimeProvider _calibrationClock;
    private readonly double[] _relativeCost = [double.NaN, double.NaN, double.NaN]; // SHA-1, SHA-256, SHA-512 vs the configured PRF

    public Pbkdf2HashFormat(Pbkdf2PinHasherOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>With the clock that times the one-off PRF comparison (tests script it).</summary>
    internal Pbkdf2HashFormat(Pbkdf2PinHasherOptions options, TimeProvider calibrationClock)
    {
        ArgumentNullException.ThrowIfNull(calibrationClock);
        _calibrationClock = calibrationClock;
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
        long remaining = _configuredWork - Covered(done);
        if (remaining <= 0)
        {
            return;
        }

        Span<byte> output = stackalloc byte[Pbkdf2Kdf.OutputBytes(_prf)];
        Pbkdf2Kdf.Derive("00000000"u8, PadSalt, output, (int)Math.Min(remaining, int.MaxValue), _prf);
    }

    /// <summary>The part of the configured cost <paramref name="done"/> already ran, in block-iterations of the configured PRF.</summary>
    private long Covered(PinHashWork done)
    {
        if (done.Kdf is null || done.MemorySize != 0)
        {
            return 0;
        }

        if (string.Equals(done.Kdf, _kdf, StringComparison.Ordinal))
        {
            return done.Units;
        }

        int index = done.Kdf switch
        {
            Pbkdf2Kdf.Sha1Id => 0,
            Pbkdf2Kdf.Sha256Id => 1,
            Pbkdf2Kdf.Sha512Id => 2,
            _ => -1,
        };
        if (index < 0)
        {
            return 0; // not PBKDF2 (another format's KDF): nothing converts
        }

        double ratio = Volatile.Read(ref _relativeCost[index]);
        if (double.IsNaN(ratio))
        {
            HashAlgorithmName prf = index == 0 ? HashAlgorithmName.SHA1 : index == 1 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
            ratio = Pbkdf2Calibration.RelativeCost(prf, _prf, _calibrationClock);
            Volatile.Write(ref _relativeCost[index], ratio); // a race only measures twice
        }

        return (long)(done.Units * ratio);
    }
}
