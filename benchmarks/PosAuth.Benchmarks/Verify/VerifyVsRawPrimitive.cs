using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.Hashing;

namespace PosAuth.Benchmarks.Verify;

/// <summary>
/// Target: <see cref="Pbkdf2PinHasher.Verify"/> costs at most 1.01x the raw primitive
/// (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, HashAlgorithmName)"/>
/// + <see cref="CryptographicOperations.FixedTimeEquals"/>) at identical parameters (PBKDF2-HMAC-SHA512,
/// 220,000 iterations, 16-byte salt, 64-byte hash), and allocates exactly what the baseline allocates.
/// <see cref="Peppered"/> adds the HMAC-SHA256 pepper step to both sides.
/// </summary>
[MemoryDiagnoser]
public class VerifyVsRawPrimitive
{
    private const string Pin = "730194";

    private Pbkdf2PinHasher _hasher = null!;
    private string _stored = null!;
    private byte[] _salt = null!;
    private byte[] _expected = null!;
    private int _iterations;
    private byte[] _pepperKey = null!;

    [Params(false, true)]
    public bool Peppered { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pepperKey = RandomNumberGenerator.GetBytes(32);
        IPinPepperProvider? pepper = Peppered
            ? new OptionsPinPepperProvider(new PinPepperOptions
            {
                CurrentKeyId = "k1",
                Keys = { ["k1"] = Convert.ToBase64String(_pepperKey) },
            })
            : null;
        _hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions(), pepper); // the defaults: SHA-512, 220,000 iterations
        _stored = _hasher.Hash(Pin);
        PhcParts parts = PhcParts.Parse(_stored);
        (_iterations, _salt, _expected) = (parts.Iterations, parts.Salt, parts.Hash);

        if (_iterations != Pbkdf2PinHasherOptions.DefaultIterations || !RawPbkdf2() || PosAuthVerify() != PinVerificationResult.Success)
        {
            throw new InvalidOperationException("The benchmark set-up does not verify: " + _stored);
        }
    }

    [Benchmark(Baseline = true, Description = "raw Rfc2898DeriveBytes.Pbkdf2 + FixedTimeEquals")]
    public bool RawPbkdf2()
    {
        ReadOnlySpan<char> pin = Pin;
        Span<byte> password = stackalloc byte[pin.Length];
        for (int i = 0; i < pin.Length; i++)
        {
            password[i] = (byte)pin[i];
        }

        Span<byte> peppered = stackalloc byte[32];
        ReadOnlySpan<byte> input = password;
        if (Peppered)
        {
            HMACSHA256.HashData(_pepperKey, password, peppered);
            input = peppered;
        }

        Span<byte> derived = stackalloc byte[64];
        Rfc2898DeriveBytes.Pbkdf2(input, _salt, derived, _iterations, HashAlgorithmName.SHA512);
        bool equal = CryptographicOperations.FixedTimeEquals(derived, _expected);
        CryptographicOperations.ZeroMemory(derived);
        CryptographicOperations.ZeroMemory(peppered);
        return equal;
    }

    [Benchmark(Description = "Pbkdf2PinHasher.Verify")]
    public PinVerificationResult PosAuthVerify() => _hasher.Verify(_stored, Pin);
}
