namespace PosAuth.Hashing.Argon2.Tests;

/// <summary>Rehash in both directions: the configured hasher reads both formats, asks to rehash the other one, and always writes its own.</summary>
public sealed class RehashDirectionTests
{
    private const string Pin = "730194";

    [Fact]
    public void MovingToArgon2id_Pbkdf2AndLegacyHashesVerify_WithRehash_AndHashWritesArgon2id()
    {
        Argon2idPinHasher hasher = TestArgon2.Create(alsoReadPbkdf2: TestArgon2.Pbkdf2());
        string pbkdf2 = new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin);
        string md5 = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, Convert.ToHexString(System.Security.Cryptography.MD5.HashData("730194"u8)));

        foreach (string old in new[] { pbkdf2, md5 })
        {
            Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(old, Pin));
            Assert.Equal(PinVerificationResult.Failed, hasher.Verify(old, "730195"));
            Assert.True(hasher.Inspect(old).NeedsRehash);
        }

        string rehashed = hasher.Hash(Pin);
        Assert.StartsWith("$argon2id$v=19$", rehashed, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(rehashed, Pin));
    }

    [Fact]
    public void MovingBackToPbkdf2_Argon2idHashesVerify_WithRehash_AndHashWritesPbkdf2()
    {
        var hasher = new PinHasher(Pbkdf2PinHasher.CreateFormat(TestArgon2.Pbkdf2()), [Argon2idPinHasher.CreateFormat(TestArgon2.Options())]);
        string argon2 = TestArgon2.Create().Hash(Pin);
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(argon2, Pin));
        Assert.True(hasher.Inspect(argon2).NeedsRehash);

        string rehashed = hasher.Hash(Pin);
        Assert.StartsWith("$pbkdf2-sha512$", rehashed, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(rehashed, Pin));
    }

    [Fact]
    public void Argon2idOnly_DoesNotReadPbkdf2()
    {
        string pbkdf2 = new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin);
        Argon2idPinHasher hasher = TestArgon2.Create();
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(pbkdf2, Pin));
        Assert.Equal(PinHashError.UnknownAlgorithm, hasher.Inspect(pbkdf2).Error);
    }

    [Fact]
    public void Compose_TwoFormatsWithOneName_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new PinHasher(Argon2idPinHasher.CreateFormat(TestArgon2.Options()), [Argon2idPinHasher.CreateFormat(TestArgon2.Options())]));
    }
}
