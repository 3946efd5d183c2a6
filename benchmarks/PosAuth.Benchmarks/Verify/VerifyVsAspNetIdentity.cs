using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace PosAuth.Benchmarks.Verify;

/// <summary>
/// Target: <see cref="Pbkdf2PinHasher.Verify"/> costs at most 1.0x ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}.VerifyHashedPassword"/> (format v3: PBKDF2-HMAC-SHA512, 16-byte salt) at the same
/// PRF and iteration count (<see cref="PasswordHasherOptions.IterationCount"/> = 220,000), and allocates fewer bytes.
/// Identity derives a 32-byte subkey, PosAuth a 64-byte hash: with SHA-512 both are one PRF block, the same KDF work.
/// </summary>
[MemoryDiagnoser]
public class VerifyVsAspNetIdentity
{
    private const string Pin = "730194";
    private static readonly object User = new();

    private PasswordHasher<object> _identity = null!;
    private string _identityHash = null!;
    private Pbkdf2PinHasher _hasher = null!;
    private string _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        _identity = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = Pbkdf2PinHasherOptions.DefaultIterations,
        }));
        _identityHash = _identity.HashPassword(User, Pin);
        _hasher = new Pbkdf2PinHasher();
        _stored = _hasher.Hash(Pin);

        if (Identity() != PasswordVerificationResult.Success || PosAuthVerify() != PinVerificationResult.Success)
        {
            throw new InvalidOperationException("The benchmark set-up does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "Identity PasswordHasher<T>.VerifyHashedPassword (v3)")]
    public PasswordVerificationResult Identity() => _identity.VerifyHashedPassword(User, _identityHash, Pin);

    [Benchmark(Description = "Pbkdf2PinHasher.Verify")]
    public PinVerificationResult PosAuthVerify() => _hasher.Verify(_stored, Pin);
}
