using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Argon2.Tests;

public sealed partial class Argon2idPinHasherTests
{
    private const string Pin = "730194";

    [Fact]
    public void Hash_WithDefaults_WritesOwaspParameters_AndVerifies()
    {
        var hasher = new Argon2idPinHasher();
        string stored = hasher.Hash(Pin);
        Match match = PhcPattern().Match(stored);
        Assert.True(match.Success, stored);
        Assert.Equal("19456", match.Groups["m"].Value);
        Assert.Equal("2", match.Groups["t"].Value);
        Assert.Equal(22, match.Groups["salt"].Value.Length); // 16 bytes
        Assert.Equal(43, match.Groups["hash"].Value.Length); // 32 bytes
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(stored, Pin));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, "730195"));

        PinHashInspection inspection = hasher.Inspect(stored);
        Assert.Equal((true, "argon2id", "argon2id", 2, 19_456, false), (inspection.IsValid, inspection.Format, inspection.Algorithm, inspection.Iterations, inspection.MemorySize, inspection.NeedsRehash));
    }

    [Fact]
    public void Hash_SamePinTwice_UsesDifferentSalts_AndFullWidthDigitsVerify()
    {
        Argon2idPinHasher hasher = TestArgon2.Create();
        Assert.NotEqual(hasher.Hash(Pin), hasher.Hash(Pin));
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(hasher.Hash("0815"), "０８１５"));
    }

    [Fact]
    public void Hash_InvalidPin_ThrowsInvalidPinException_WithoutThePin()
    {
        InvalidPinException ex = Assert.Throws<InvalidPinException>(() => TestArgon2.Create().Hash("12a4"));
        Assert.DoesNotContain("12a4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenStoredParametersDifferFromConfigured_ReportsRehash_EitherWay()
    {
        // libsodium's rule (crypto_pwhash_str_needs_rehash): any difference in m or t asks for a rehash, so a terminal that
        // lowers its memory moves its hashes down too.
        Argon2idPinHasher configured = TestArgon2.Create(memory: 64, passes: 2);
        foreach ((int m, int t) in new[] { (32, 2), (128, 2), (64, 1), (64, 3) })
        {
            string stored = TestArgon2.Create(m, t).Hash(Pin);
            Assert.Equal(PinVerificationResult.SuccessRehashNeeded, configured.Verify(stored, Pin));
            Assert.True(configured.Inspect(stored).NeedsRehash);
        }
    }

    [Fact]
    public void Hash_WithPepper_RecordsKeyId_VerifiesOnlyWithThatKey_AndRotates()
    {
        Argon2idPinHasher peppered = TestArgon2.Create(pepper: TestArgon2.Pepper("k1", "k1"));
        string stored = peppered.Hash(Pin);
        Assert.Contains(",k=k1$", stored, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.Success, peppered.Verify(stored, Pin));
        Assert.Equal("k1", peppered.Inspect(stored).PepperKeyId);

        // The pepper is HMAC-SHA256 of the PIN under the key, applied before Argon2id: without the key the PIN alone fails.
        Assert.Equal(PinVerificationResult.Failed, TestArgon2.Create().Verify(stored, Pin));
        Assert.Equal(PinHashError.UnknownPepperKey, TestArgon2.Create().Inspect(stored).Error);
        Assert.Equal(PinHashError.UnknownPepperKey, TestArgon2.Create(pepper: TestArgon2.Pepper("k2", "k2")).Inspect(stored).Error);

        Argon2idPinHasher rotated = TestArgon2.Create(pepper: TestArgon2.Pepper("k2", "k1", "k2"));
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, rotated.Verify(stored, Pin));
        Assert.Contains(",k=k2$", rotated.Hash(Pin), StringComparison.Ordinal);

        // Unpeppered under a configured pepper: rehash.
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, peppered.Verify(TestArgon2.Create().Hash(Pin), Pin));
    }

    [Fact]
    public void Pepper_IsAppliedExactlyAsThePbkdf2HasherAppliesIt()
    {
        // Same provider, same key: a PBKDF2 hash and an Argon2id hash of the same PIN both verify through one composed hasher.
        OptionsPinPepperProvider pepper = TestArgon2.Pepper("k1", "k1");
        string pbkdf2 = new Pbkdf2PinHasher(TestArgon2.Pbkdf2(), pepper).Hash(Pin);
        Argon2idPinHasher both = TestArgon2.Create(pepper: pepper, alsoReadPbkdf2: TestArgon2.Pbkdf2());
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, both.Verify(pbkdf2, Pin));
        Assert.Equal(PinVerificationResult.Success, both.Verify(both.Hash(Pin), Pin));
    }

    public static TheoryData<string, PinHashError> Corruptions()
    {
        const string Salt = "AAECAwQFBgcICQoLDA0ODw"; // 16 bytes
        const string Hash = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"; // 32 bytes
        return new TheoryData<string, PinHashError>
        {
            { "$argon2id$", PinHashError.Malformed },
            { "$argon2id$v=19", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}$", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}${Hash}$", PinHashError.Malformed },
            { $"$argon2id$v=019$m=64,t=2,p=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=064,t=2,p=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=-64,t=2,p=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$t=2,m=64,p=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1,x=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1,k=${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1,k=a!b${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}=${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}${Hash}=", PinHashError.Malformed },
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt[..^1]}B${Hash}", PinHashError.Malformed }, // non-canonical last character
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}${Hash[..^1]}!", PinHashError.Malformed },
            { $"$argon2id$v=19$m=99999999999,t=2,p=1${Salt}${Hash}", PinHashError.Malformed },
            { $"$argon2id$v=16$m=64,t=2,p=1${Salt}${Hash}", PinHashError.UnsupportedParameter },
            { $"$argon2id$v=19$m=64,t=2,p=4${Salt}${Hash}", PinHashError.UnsupportedParameter },
            { $"$argon2id$v=19$m=64,t=0,p=1${Salt}${Hash}", PinHashError.IterationsOutOfRange },
            { $"$argon2id$v=19$m=64,t=33,p=1${Salt}${Hash}", PinHashError.IterationsOutOfRange },
            { $"$argon2id$v=19$m=4,t=2,p=1${Salt}${Hash}", PinHashError.MemoryOutOfRange },
            { $"$argon2id$v=19$m=4097,t=2,p=1${Salt}${Hash}", PinHashError.MemoryOutOfRange },
            { $"$argon2id$v=19$m=64,t=2,p=1$AAECAwQFBgcICQoLDA0O${Hash}", PinHashError.WrongLength },         // 15-byte salt
            { $"$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ${Hash}", PinHashError.WrongLength },                 // 8-byte salt
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}${Hash[..40]}", PinHashError.WrongLength },                // 30-byte hash
            { $"$argon2id$v=19$m=64,t=2,p=1${Salt}${Hash}AAAA", PinHashError.WrongLength },                  // 35-byte hash
            { $"$argon2i$v=19$m=64,t=2,p=1${Salt}${Hash}", PinHashError.UnknownAlgorithm },
            { $"$argon2d$v=19$m=64,t=2,p=1${Salt}${Hash}", PinHashError.UnknownAlgorithm },
            { "", PinHashError.Malformed },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Inspect_WhenCorrupt_ReportsError_AndVerifyFails(string stored, PinHashError expected)
    {
        Argon2idPinHasher hasher = TestArgon2.Create();
        PinHashInspection inspection = hasher.Inspect(stored);
        Assert.Equal(expected, inspection.Error);
        Assert.False(inspection.NeedsRehash);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, Pin));
    }

    [Fact]
    public void Verify_HashTruncatedToAnyShorterLength_FailsWithTheRightPin()
    {
        Argon2idPinHasher hasher = TestArgon2.Create();
        string stored = hasher.Hash(Pin);
        int hashStart = stored.LastIndexOf('$') + 1;
        for (int cut = hashStart; cut < stored.Length; cut++)
        {
            Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored[..cut], Pin));
            Assert.False(hasher.Inspect(stored[..cut]).IsValid);
        }
    }

    [Property]
    public Property Verify_AnySingleCharacterMutation_NeverVerifies()
    {
        Argon2idPinHasher hasher = TestArgon2.Create(pepper: TestArgon2.Pepper("k1", "k1", "k2"));
        string stored = hasher.Hash(Pin);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=$,-_mtpkv\u00e9\0";
        Gen<string> mutations =
            from position in Gen.Choose(0, stored.Length - 1)
            from replacement in Gen.Elements(Alphabet.ToCharArray())
            where stored[position] != replacement
            select string.Concat(stored.AsSpan(0, position), replacement.ToString(), stored.AsSpan(position + 1));
        return Prop.ForAll(mutations.ToArbitrary(), mutated => hasher.Verify(mutated, Pin) == PinVerificationResult.Failed);
    }

    [Property]
    public Property VerifyAndInspect_OnArgon2LikeStrings_NeverThrow_AndNeverSucceed()
    {
        Gen<string> argonLike =
            from parts in Gen.ArrayOf(Gen.Elements("$", "argon2id", "v=19", "m=", "64", "t=", "2", "p=", "1", ",", "k=", "k1", "AAAA", "QUJD", "=", "0", "A"))
            select string.Concat(parts);
        return Prop.ForAll(argonLike.ToArbitrary(), s => PlainHasher.Verify(s, Pin) == PinVerificationResult.Failed && (PlainHasher.Inspect(s).IsValid || !PlainHasher.Inspect(s).NeedsRehash));
    }

    [Property]
    public bool Verify_OnArbitraryStrings_NeverThrows_AndNeverSucceeds(string s) =>
        PlainHasher.Verify(s, Pin) == PinVerificationResult.Failed;

    [Fact]
    public void VerifyAndInspect_OnNull_Fail()
    {
        Assert.Equal(PinVerificationResult.Failed, PlainHasher.Verify(null!, Pin));
        Assert.Equal(PinHashError.Malformed, PlainHasher.Inspect(null!).Error);
    }

    private static readonly Argon2idPinHasher PlainHasher = TestArgon2.Create();

    [Fact]
    public void Verify_AllocatesNothing_ForCurrentWeakerAndCorruptHashes()
    {
        Argon2idPinHasher hasher = TestArgon2.Create(pepper: TestArgon2.Pepper("k1", "k1"), alsoReadPbkdf2: TestArgon2.Pbkdf2());
        string[] stored = [hasher.Hash(Pin), TestArgon2.Create(passes: 1).Hash(Pin), new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin), "$argon2id$v=19$m=64,t=2,p=1$AAAA$BBBB"];
        foreach (string s in stored)
        {
            hasher.Verify(s, Pin); // warm up
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (string s in stored)
        {
            hasher.Verify(s, Pin);
            hasher.Verify(s, "111111");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_WhenInvalid_ReportEveryError()
    {
        var options = new Argon2idPinHasherOptions { MemorySize = 4, Iterations = 0, HashSize = 8, MinimumMemorySize = 2, MaximumMemorySize = 2_000_000, MinimumIterations = 0 };
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new Argon2idPinHasher(options));
        foreach (string name in new[] { "MemorySize", "Iterations", "HashSize", "MinimumMemorySize", "MaximumMemorySize", "MinimumIterations" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_CeilingBelowTheConfiguredMemory_IsRejected()
    {
        var options = new Argon2idPinHasherOptions { MaximumMemorySize = 16_384 }; // MemorySize stays 19,456
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new Argon2idPinHasher(options));
        Assert.Contains("MemorySize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CopiesOptions()
    {
        Argon2idPinHasherOptions options = TestArgon2.Options();
        var hasher = new Argon2idPinHasher(options);
        options.MemorySize = 128;
        Assert.Contains("$m=64,", hasher.Hash(Pin), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\$argon2id\$v=19\$m=(?<m>[1-9][0-9]*),t=(?<t>[1-9][0-9]*),p=1(,k=[A-Za-z0-9_-]+)?\$(?<salt>[A-Za-z0-9+/]+)\$(?<hash>[A-Za-z0-9+/]+)$")]
    private static partial Regex PhcPattern();
}
