using System.Security.Cryptography;

namespace PosAuth.Hashing.Tests.Pbkdf2;

/// <summary>
/// Issue 11: Identity v3 strings skipped the iteration floor, and the ceiling was on iterations alone while PBKDF2's
/// cost is iterations × output blocks. Both formats now take the same floor and the same work ceiling
/// (iterations × blocks ≤ <see cref="Pbkdf2PinHasherOptions.MaximumIterations"/>).
/// </summary>
public sealed class WorkLimitTests
{
    private const string Pin = "730194";

    [Theory]
    [InlineData(1)]
    [InlineData(999)]
    public void Inspect_IdentityV3BelowTheIterationFloor_IsOutOfRange_AndDoesNotVerify(int iterations)
    {
        string stored = HashLengthTests.IdentityV3(HashAlgorithmName.SHA512, 2, iterations, Pin, 32);
        Pbkdf2PinHasher hasher = TestHashers.Create(); // floor 1,000
        Assert.Equal(PinHashError.IterationsOutOfRange, hasher.Inspect(stored).Error);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, Pin));
    }

    [Fact]
    public void Inspect_IdentityV3AtTheFloor_IsValid()
    {
        string stored = HashLengthTests.IdentityV3(HashAlgorithmName.SHA512, 2, 1_000, Pin, 32);
        Assert.True(TestHashers.Create().Inspect(stored).IsValid);
    }

    [Fact]
    public void Inspect_IdentityV3Sha1_CountsTwoBlocksAgainstTheCeiling()
    {
        Pbkdf2PinHasherOptions options = TestHashers.Options();
        options.MaximumIterations = 100_000;
        var hasher = new Pbkdf2PinHasher(options);

        // A 32-byte subkey is one SHA-512 or SHA-256 block but two SHA-1 blocks (20 bytes each).
        Assert.True(hasher.Inspect(HashLengthTests.IdentityV3(HashAlgorithmName.SHA512, 2, 60_000, Pin, 32)).IsValid);
        Assert.True(hasher.Inspect(HashLengthTests.IdentityV3(HashAlgorithmName.SHA1, 0, 50_000, Pin, 32)).IsValid);
        string sha1 = HashLengthTests.IdentityV3(HashAlgorithmName.SHA1, 0, 60_000, Pin, 32);
        Assert.Equal(PinHashError.IterationsOutOfRange, hasher.Inspect(sha1).Error);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(sha1, Pin));
    }

    [Fact]
    public void Inspect_PhcWithTwoBlockOutput_CountsBothBlocksAgainstTheCeiling()
    {
        Pbkdf2PinHasherOptions options = TestHashers.Options(Pbkdf2Algorithm.Sha256);
        options.HashSize = 64; // two SHA-256 blocks
        options.MaximumIterations = 100_000;
        var hasher = new Pbkdf2PinHasher(options);
        Pbkdf2PinHasherOptions writer = TestHashers.Options(Pbkdf2Algorithm.Sha256, iterations: 60_000);
        writer.HashSize = 64;
        string stored = new Pbkdf2PinHasher(writer).Hash(Pin);

        Assert.Equal(PinHashError.IterationsOutOfRange, hasher.Inspect(stored).Error);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, Pin));
    }

    [Fact]
    public void Options_WhoseOwnHashesWouldExceedTheWorkCeiling_AreRejected()
    {
        var options = new Pbkdf2PinHasherOptions { Algorithm = Pbkdf2Algorithm.Sha256, HashSize = 64, Iterations = 6_000_000 };
        Microsoft.Extensions.Options.OptionsValidationException ex =
            Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new Pbkdf2PinHasher(options));
        Assert.Contains("MaximumIterations", ex.Message, StringComparison.Ordinal);
    }
}
