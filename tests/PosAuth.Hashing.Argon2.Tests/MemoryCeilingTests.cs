namespace PosAuth.Hashing.Argon2.Tests;

/// <summary>A small terminal sets a memory ceiling: a stored hash asking for more is refused as corrupt and never allocated.</summary>
public sealed class MemoryCeilingTests
{
    private const string Pin = "730194";

    [Fact]
    public void Verify_HashAskingForMoreMemoryThanTheCeiling_IsRefused_WithoutRunningArgon2idAtThatSize()
    {
        // Written by a big terminal (2 MiB); read by a small one whose ceiling is 1 MiB.
        string big = TestArgon2.Create(memory: 2_048).Hash(Pin);
        Argon2idPinHasherOptions small = TestArgon2.Options();
        small.MaximumMemorySize = 1_024;
        var hasher = new Argon2idPinHasher(small);

        Assert.Equal(PinHashError.MemoryOutOfRange, hasher.Inspect(big).Error);
        Assert.Equal(2_048, hasher.Inspect(big).MemorySize);
        (long work, long largest, _) = TestArgon2.Work(() => Assert.Equal(PinVerificationResult.Failed, hasher.Verify(big, Pin)));
        Assert.Equal(TestArgon2.Memory, largest);                          // only the configured-size dummy ran
        Assert.Equal(TestArgon2.Memory * TestArgon2.Passes, work);
    }

    [Fact]
    public void Verify_TamperedHashAskingForAGibibyte_IsRefusedInstantly_AtTheDefaultCeiling()
    {
        var hasher = new Argon2idPinHasher(new Argon2idPinHasherOptions { MemorySize = 64, MinimumMemorySize = 8 }); // default ceiling 64 MiB
        const string Tampered = "$argon2id$v=19$m=1048576,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        (_, long largest, _) = TestArgon2.Work(() => hasher.Verify(Tampered, Pin));
        Assert.Equal(64, largest);
        Assert.Equal(PinHashError.MemoryOutOfRange, hasher.Inspect(Tampered).Error);
    }

    [Fact]
    public void Verify_AtTheCeiling_IsAccepted()
    {
        string atCeiling = TestArgon2.Create(memory: 1_024).Hash(Pin);
        Argon2idPinHasherOptions small = TestArgon2.Options();
        small.MaximumMemorySize = 1_024;
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, new Argon2idPinHasher(small).Verify(atCeiling, Pin));
    }
}
