using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>
/// An <see cref="IPinHasher"/> that writes one <see cref="IPinHashFormat"/> and reads it and any others, with the rules
/// every format shares (<see cref="Pbkdf2PinHasher"/> is this with the PBKDF2 format alone):
/// <list type="bullet">
/// <item>the PIN is normalised first (<see cref="PinInput"/>); bad input fails before the stored hash is looked at;</item>
/// <item>the pepper, when the stored hash names a key id (1 to 32 of <c>[A-Za-z0-9_-]</c>, else the hash is malformed),
/// is HMAC-SHA256 of the PIN under that key, applied before the KDF; an unknown key id fails;</item>
/// <item>a success asks for a rehash when the hash is in another format than the written one, has weaker or other
/// parameters, or names another pepper key than the current one (or none while a pepper is configured);</item>
/// <item><b>constant cost</b>: after every verification, every format read tops the work up to its own configured
/// cost (<see cref="IPinHashFormat.RunRemainingCost"/>) — also for a corrupt, unknown-format or unknown-key string, and
/// whether or not the PIN matched — so a wrong PIN costs the same whatever the stored format, and the same as a
/// verification of a hash written with the current parameters (the dummy an unknown operator gets);</item>
/// <item><see cref="Verify"/> never throws for a bad stored hash or bad input and never succeeds on a corrupt one;
/// with allocation-free formats (the built-in ones) it allocates nothing; secret buffers are zeroed.</item>
/// </list>
/// Thread-safe when its formats and pepper provider are.
/// </summary>
public sealed class PinHasher : IPinHasher
{
    private const int PepperBytes = 32;
    private readonly IPinHashFormat _write;
    private readonly IPinHashFormat[] _formats;
    private readonly IPinPepperProvider? _pepper;

    /// <summary>Creates a hasher that writes <paramref name="writeFormat"/> and also reads <paramref name="alsoRead"/>.</summary>
    /// <param name="writeFormat">The format new hashes are written in.</param>
    /// <param name="alsoRead">Other formats still verified (each reports <see cref="PinVerificationResult.SuccessRehashNeeded"/>), or <see langword="null"/>.</param>
    /// <param name="pepper">The pepper provider, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">Two formats have the same name.</exception>
    public PinHasher(IPinHashFormat writeFormat, IEnumerable<IPinHashFormat>? alsoRead = null, IPinPepperProvider? pepper = null)
    {
        ArgumentNullException.ThrowIfNull(writeFormat);
        var formats = new List<IPinHashFormat> { writeFormat };
        foreach (IPinHashFormat format in alsoRead ?? [])
        {
            ArgumentNullException.ThrowIfNull(format, nameof(alsoRead));
            if (formats.Exists(f => string.Equals(f.Name, format.Name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"Two hash formats are named '{format.Name}'.", nameof(alsoRead));
            }

            formats.Add(format);
        }

        _write = writeFormat;
        _formats = [.. formats];
        _pepper = pepper;
    }

    /// <summary>The format new hashes are written in.</summary>
    public IPinHashFormat WriteFormat => _write;

    /// <summary>Every format read, the written one first.</summary>
    public IReadOnlyList<IPinHashFormat> Formats => _formats;

    /// <inheritdoc />
    public string Hash(ReadOnlySpan<char> pin)
    {
        Span<char> chars = stackalloc char[PinInput.MaxLength];
        Span<byte> bytes = stackalloc byte[PinInput.MaxLength];
        Span<byte> peppered = stackalloc byte[PepperBytes];
        try
        {
            if (!PinInput.TryNormalize(pin, chars, out int length, out PinInputError error))
            {
                throw new InvalidPinException(error);
            }

            ReadOnlySpan<byte> input = ToBytes(chars[..length], bytes);
            string? keyId = null;
            if (_pepper is not null)
            {
                keyId = _pepper.CurrentKeyId;
                if (!PepperKeyId.IsWellFormed(keyId) || !_pepper.TryGetKey(keyId, out ReadOnlyMemory<byte> key))
                {
                    throw new InvalidOperationException("The pepper provider's current key id is malformed or has no key.");
                }

                HMACSHA256.HashData(key.Span, input, peppered);
                input = peppered;
            }

            return _write.Hash(input, keyId);
        }
        finally
        {
            MemoryMarshal.AsBytes(chars).Clear();
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(peppered);
        }
    }

    /// <inheritdoc />
    public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
    {
        Span<char> chars = stackalloc char[PinInput.MaxLength];
        Span<byte> bytes = stackalloc byte[PinInput.MaxLength];
        Span<byte> peppered = stackalloc byte[PepperBytes];
        try
        {
            // Input is checked before the stored hash is looked at: this answer (no KDF) says nothing about the account.
            if (!PinInput.TryNormalize(pin, chars, out int length, out _))
            {
                return PinVerificationResult.Failed;
            }

            ReadOnlySpan<byte> password = ToBytes(chars[..length], bytes);
            PinVerificationResult result = PinVerificationResult.Failed;
            PinHashWork work = default;
            IPinHashFormat? format = storedHash is null ? null : Find(storedHash);
            if (format is not null && format.Parse(storedHash, out PinHashDescription description) == PinHashError.None
                && (description.PepperKeyId.IsEmpty || PepperKeyId.IsWellFormed(description.PepperKeyId)))
            {
                scoped ReadOnlySpan<byte> input = password;
                bool usable = true;
                if (!description.PepperKeyId.IsEmpty)
                {
                    if (_pepper is not null && _pepper.TryGetKey(description.PepperKeyId, out ReadOnlyMemory<byte> key))
                    {
                        HMACSHA256.HashData(key.Span, password, peppered);
                        input = peppered;
                    }
                    else
                    {
                        usable = false; // unknown key: the dummy cost below, then Failed
                    }
                }

                if (usable && format.Verify(storedHash, input, out work))
                {
                    result = NeedsRehash(format, description) ? PinVerificationResult.SuccessRehashNeeded : PinVerificationResult.Success;
                }
            }

            // The constant cost: whatever happened above, each format read tops the work up to its configured cost.
            foreach (IPinHashFormat read in _formats)
            {
                read.RunRemainingCost(work);
            }

            return result;
        }
        finally
        {
            MemoryMarshal.AsBytes(chars).Clear();
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(peppered);
        }
    }

    /// <inheritdoc />
    public PinHashInspection Inspect(string storedHash)
    {
        if (string.IsNullOrEmpty(storedHash))
        {
            return PinHashInspection.Invalid(PinHashError.Malformed);
        }

        IPinHashFormat? format = Find(storedHash);
        if (format is null)
        {
            return storedHash.StartsWith('$') && storedHash.IndexOf('$', 1) > 0
                ? PinHashInspection.Invalid(PinHashError.UnknownAlgorithm)
                : PinHashInspection.Invalid(PinHashError.Malformed);
        }

        PinHashError error = format.Parse(storedHash, out PinHashDescription d);
        if (error == PinHashError.None && !d.PepperKeyId.IsEmpty && !PepperKeyId.IsWellFormed(d.PepperKeyId))
        {
            return PinHashInspection.Invalid(PinHashError.Malformed, d.Format ?? string.Empty);
        }

        string? keyId = d.PepperKeyId.IsEmpty ? null : d.PepperKeyId.ToString();
        if (error == PinHashError.None && keyId is not null && (_pepper is null || !_pepper.TryGetKey(d.PepperKeyId, out _)))
        {
            error = PinHashError.UnknownPepperKey;
        }

        if (error != PinHashError.None)
        {
            return PinHashInspection.Invalid(error, d.Format ?? string.Empty, d.Algorithm ?? string.Empty, d.Iterations, keyId) with { MemorySize = d.MemorySize };
        }

        return new PinHashInspection(PinHashError.None, d.Format ?? string.Empty, d.Algorithm ?? string.Empty, d.Iterations, keyId, NeedsRehash(format, d))
        {
            MemorySize = d.MemorySize,
        };
    }

    /// <summary>The DI composition: PBKDF2 plus every registered format, written and retired as <paramref name="options"/> says.</summary>
    internal static PinHasher Compose(PinHasherOptions options, IPinHashFormat pbkdf2, IEnumerable<IPinHashFormat> registered, IPinPepperProvider? pepper)
    {
        IPinHashFormat[] all = [pbkdf2, .. registered];
        List<string> errors = PinHasherOptionsValidator.Collect(options, all.Skip(1).Select(f => f.Name));
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(PinHasherOptions), errors);
        }

        IPinHashFormat write = all.First(f => string.Equals(f.Name, options.WriteFormat, StringComparison.Ordinal));
        IEnumerable<IPinHashFormat> read = all.Where(f => !ReferenceEquals(f, write) && !options.RetiredFormats.Contains(f.Name, StringComparer.Ordinal));
        return new PinHasher(write, read, pepper);
    }

    private static ReadOnlySpan<byte> ToBytes(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (int i = 0; i < digits.Length; i++)
        {
            destination[i] = (byte)digits[i];
        }

        return destination[..digits.Length];
    }

    private IPinHashFormat? Find(ReadOnlySpan<char> storedHash)
    {
        foreach (IPinHashFormat format in _formats)
        {
            if (format.Recognizes(storedHash))
            {
                return format;
            }
        }

        return null;
    }

    private bool NeedsRehash(IPinHashFormat format, scoped in PinHashDescription description)
    {
        if (!ReferenceEquals(format, _write) || !description.MeetsConfiguredParameters)
        {
            return true;
        }

        return _pepper is null ? !description.PepperKeyId.IsEmpty : !description.PepperKeyId.SequenceEqual(_pepper.CurrentKeyId);
    }
}
