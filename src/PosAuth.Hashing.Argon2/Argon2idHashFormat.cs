using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Argon2;

/// <summary>
/// Argon2id (RFC 9106) as an <see cref="IPinHashFormat"/>, through libsodium's <c>crypto_pwhash</c> (Geralt's
/// <c>Argon2id.DeriveKey</c>: parameters per call, spans, no managed allocation). Its configured cost is one Argon2id
/// run at the configured memory and passes. Unpeppered strings are exactly what libsodium's <c>crypto_pwhash_str</c>
/// writes and verifies (a 16-byte salt, one lane, version 19).
/// </summary>
internal sealed class Argon2idHashFormat : IPinHashFormat
{
    // What the padding derives from: constants (the output is thrown away; Argon2's cost does not depend on them).
    private static readonly byte[] PadSalt = new byte[Argon2idPinHasherOptions.SaltSize];
    private readonly Argon2idPinHasherOptions _options;

    /// <summary>The DI constructor.</summary>
    /// <param name="options">The options; copied, then validated.</param>
    public Argon2idHashFormat(IOptions<Argon2idPinHasherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Argon2idPinHasherOptions value = options.Value;
        _options = new Argon2idPinHasherOptions
        {
            MemorySize = value.MemorySize,
            Iterations = value.Iterations,
            HashSize = value.HashSize,
            MinimumMemorySize = value.MinimumMemorySize,
            MaximumMemorySize = value.MaximumMemorySize,
            MinimumIterations = value.MinimumIterations,
            MaximumIterations = value.MaximumIterations,
        };
        Argon2idPinHasherOptionsValidator.ThrowIfInvalid(_options);

        // Load libsodium now (at start-up), not at the first sign-in: a missing native library fails here.
        Span<byte> probe = stackalloc byte[Argon2idPhcString.MinHashBytes];
        Argon2idKdf.Derive(probe, "0"u8, PadSalt, 1, Argon2idPinHasherOptions.AbsoluteMinimumMemorySize);
    }

    public string Name => Argon2idPinHasher.FormatName;

    public bool Recognizes(ReadOnlySpan<char> storedHash) => storedHash.StartsWith(Argon2idPhcString.Prefix, StringComparison.Ordinal);

    public PinHashError Parse(ReadOnlySpan<char> storedHash, out PinHashDescription description)
    {
        PinHashError error = Argon2idPhcString.TryParse(storedHash, _options, out Argon2idPhcString phc);
        if (error == PinHashError.None && !Decodes(phc))
        {
            error = PinHashError.Malformed;
        }

        description = error == PinHashError.None
            ? new PinHashDescription(Argon2idPhcString.Algorithm, Argon2idPhcString.Algorithm, phc.Iterations, phc.MemorySize, phc.KeyId,
                phc.MemorySize == _options.MemorySize && phc.Iterations == _options.Iterations)
            : new PinHashDescription(Argon2idPhcString.Algorithm, Argon2idPhcString.Algorithm, phc.Iterations, phc.MemorySize, default, false);
        return error;
    }

    public bool Verify(ReadOnlySpan<char> storedHash, ReadOnlySpan<byte> input, out PinHashWork work)
    {
        work = default;
        if (Argon2idPhcString.TryParse(storedHash, _options, out Argon2idPhcString phc) != PinHashError.None)
        {
            return false;
        }

        Span<byte> salt = stackalloc byte[Argon2idPinHasherOptions.SaltSize];
        Span<byte> expected = stackalloc byte[Argon2idPhcString.MaxHashBytes];
        Span<byte> actual = stackalloc byte[Argon2idPhcString.MaxHashBytes];
        try
        {
            if (!PhcBase64.TryDecode(phc.Salt, salt, out _) || !PhcBase64.TryDecode(phc.Hash, expected, out int hashLength))
            {
                return false;
            }

            Span<byte> derived = actual[..hashLength];
            Argon2idKdf.Derive(derived, input, salt, phc.Iterations, phc.MemorySize);
            work = new PinHashWork(Argon2idPhcString.Algorithm, phc.MemorySize, phc.Iterations);
            return CryptographicOperations.FixedTimeEquals(derived, expected[..hashLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    public string Hash(ReadOnlySpan<byte> input, string? pepperKeyId)
    {
        Span<byte> salt = stackalloc byte[Argon2idPinHasherOptions.SaltSize];
        Span<byte> hash = stackalloc byte[_options.HashSize];
        try
        {
            RandomNumberGenerator.Fill(salt);
            Argon2idKdf.Derive(hash, input, salt, _options.Iterations, _options.MemorySize);
            string key = pepperKeyId is null ? string.Empty : ",k=" + pepperKeyId;
            return $"{Argon2idPhcString.Prefix}v=19$m={_options.MemorySize},t={_options.Iterations},p={Argon2idPinHasherOptions.Parallelism}{key}${PhcBase64.Encode(salt)}${PhcBase64.Encode(hash)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    public void RunRemainingCost(PinHashWork done)
    {
        // Passes at the configured memory count; any other memory size does not convert honestly (allocation and
        // cache behaviour differ), so then the whole configured run is paid.
        long remaining = _options.Iterations - done.UnitsOf(Argon2idPhcString.Algorithm, _options.MemorySize);
        if (remaining <= 0)
        {
            return;
        }

        Span<byte> output = stackalloc byte[Argon2idPhcString.MinHashBytes];
        Argon2idKdf.Derive(output, "00000000"u8, PadSalt, (int)remaining, _options.MemorySize);
    }

    private static bool Decodes(Argon2idPhcString phc)
    {
        Span<byte> buffer = stackalloc byte[Argon2idPhcString.MaxHashBytes];
        return PhcBase64.TryDecode(phc.Salt, buffer, out _) && PhcBase64.TryDecode(phc.Hash, buffer, out _);
    }
}
