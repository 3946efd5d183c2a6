using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Tests.Legacy;

public sealed class IdentityHashTests
{
    private static readonly object User = new();

    [Fact]
    public void Verify_IdentityV3DefaultHash_ReturnsSuccessRehashNeeded()
    {
        string hash = new PasswordHasher<object>().HashPassword(User, "123456");
        var hasher = new Pbkdf2PinHasher();
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(hash, "123456"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(hash, "123457"));

        PinHashInspection inspection = hasher.Inspect(hash);
        Assert.True(inspection.IsValid);
        Assert.True(inspection.NeedsRehash);
        Assert.Equal("identity-v3", inspection.Format);
        Assert.Equal("pbkdf2-sha512", inspection.Algorithm);
        Assert.Equal(100_000, inspection.Iterations);
    }

    [Fact]
    public void Verify_IdentityV3WithLowIterationCount_IsBitExact()
    {
        var identity = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 }));
        string hash = identity.HashPassword(User, "0815");
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create().Verify(hash, "0815"));
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create().Verify(hash, "０８１５"));
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(hash, "0816"));
    }

    [Fact]
    public void Verify_IdentityV2Hash_ReturnsSuccessRehashNeeded()
    {
        var identity = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        string hash = identity.HashPassword(User, "4711");
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(hash, "4711"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(hash, "4712"));
        Assert.Equal("identity-v2", hasher.Inspect(hash).Format);
        Assert.Equal(1_000, hasher.Inspect(hash).Iterations);
    }

    [Theory]
    [InlineData(0u, "pbkdf2-sha1")]
    [InlineData(1u, "pbkdf2-sha256")]
    [InlineData(2u, "pbkdf2-sha512")]
    public void Verify_IdentityV3WithEachPrf_VerifiesAndIdentityAgrees(uint prf, string algorithm)
    {
        string hash = BuildV3(prf, 1_000, "2468");
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<object>().VerifyHashedPassword(User, hash, "2468"));
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create().Verify(hash, "2468"));
        Assert.Equal(algorithm, TestHashers.Create().Inspect(hash).Algorithm);
    }

    [Fact]
    public void Inspect_IdentityV3WithUnknownPrf_IsUnsupported()
    {
        string hash = BuildV3(7, 1_000, "2468");
        Assert.Equal(PinHashError.UnsupportedParameter, TestHashers.Create().Inspect(hash).Error);
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(hash, "2468"));
    }

    [Fact]
    public void Inspect_IdentityV3WithAbsurdIterations_IsOutOfRange()
    {
        string hash = BuildV3(2, 2_000_000_000, "2468");
        Assert.Equal(PinHashError.IterationsOutOfRange, TestHashers.Create().Inspect(hash).Error);
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(hash, "2468"));
    }

    [Fact]
    public void Inspect_IdentityHashTruncatedOrReencoded_IsInvalid()
    {
        string hash = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })).HashPassword(User, "2468");
        byte[] bytes = Convert.FromBase64String(hash);
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.False(hasher.Inspect(Convert.ToBase64String(bytes[..20])).IsValid);          // truncated
        Assert.False(hasher.Inspect(hash.TrimEnd('=')).IsValid);                            // padding removed
        Assert.False(hasher.Inspect(" " + hash).IsValid);                                   // whitespace
        byte[] v2Short = new byte[40];
        Assert.Equal(PinHashError.WrongLength, hasher.Inspect(Convert.ToBase64String(v2Short)).Error);
        byte[] unknownVersion = (byte[])bytes.Clone();
        unknownVersion[0] = 0x05;
        Assert.Equal(PinHashError.UnknownAlgorithm, hasher.Inspect(Convert.ToBase64String(unknownVersion)).Error);
    }

    private static string BuildV3(uint prf, uint iterations, string pin)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        HashAlgorithmName name = prf switch { 0 => HashAlgorithmName.SHA1, 1 => HashAlgorithmName.SHA256, _ => HashAlgorithmName.SHA512 };
        byte[] subkey = prf <= 2 && iterations < 100_000
            ? Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, (int)iterations, name, 32)
            : new byte[32];
        byte[] output = new byte[13 + salt.Length + subkey.Length];
        output[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), prf);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(5), iterations);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(output, 13);
        subkey.CopyTo(output, 13 + salt.Length);
        return Convert.ToBase64String(output);
    }
}
