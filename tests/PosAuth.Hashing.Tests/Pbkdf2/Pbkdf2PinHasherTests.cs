using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Tests.Pbkdf2;

public sealed partial class Pbkdf2PinHasherTests
{
    private static readonly Gen<string> ValidPins =
        from length in Gen.Choose(1, 16)
        from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
        select new string(digits);

    [Fact]
    public void Hash_WithDefaults_WritesSha512PhcStringWith220000Iterations()
    {
        string hash = new Pbkdf2PinHasher().Hash("123456");
        Match match = PhcPattern().Match(hash);
        Assert.True(match.Success, hash);
        Assert.Equal("pbkdf2-sha512", match.Groups["alg"].Value);
        Assert.Equal("220000", match.Groups["i"].Value);
        Assert.Equal(22, match.Groups["salt"].Value.Length); // 16 bytes
        Assert.Equal(86, match.Groups["hash"].Value.Length); // 64 bytes
    }

    [Fact]
    public void Hash_WithSha256_Writes32ByteHash()
    {
        string hash = TestHashers.Create(Pbkdf2Algorithm.Sha256).Hash("4711");
        Match match = PhcPattern().Match(hash);
        Assert.Equal("pbkdf2-sha256", match.Groups["alg"].Value);
        Assert.Equal(43, match.Groups["hash"].Value.Length);
        Assert.Equal(PinVerificationResult.Success, TestHashers.Create(Pbkdf2Algorithm.Sha256).Verify(hash, "4711"));
    }

    [Fact]
    public void Hash_SamePinTwice_UsesDifferentSalts()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.NotEqual(hasher.Hash("1357"), hasher.Hash("1357"));
    }

    [Fact]
    public void Verify_WithRightPin_ReturnsSuccess_AndWrongPin_ReturnsFailed()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        string hash = hasher.Hash("730194");
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(hash, "730194"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(hash, "730195"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(hash, "73019"));
    }

    [Fact]
    public void Verify_WithFullWidthDigits_MatchesAsciiHash()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(hasher.Hash("0815"), "０８１５"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a4")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234567890")]
    public void Verify_WhenPinInputInvalid_ReturnsFailedWithoutThrowing(string pin)
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(hasher.Hash("1234"), pin));
    }

    [Fact]
    public void Verify_WhenStoredHashNull_ReturnsFailed()
    {
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(null!, "1234"));
        Assert.Equal(PinHashError.Malformed, TestHashers.Create().Inspect(null!).Error);
    }

    [Fact]
    public void Verify_WhenStoredIterationsLowerThanConfigured_ReturnsSuccessRehashNeeded()
    {
        string hash = TestHashers.Create(iterations: 1_000).Hash("5831");
        Pbkdf2PinHasher stronger = TestHashers.Create(iterations: 2_000);
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, stronger.Verify(hash, "5831"));
        Assert.True(stronger.Inspect(hash).NeedsRehash);
    }

    [Fact]
    public void Verify_WhenStoredIterationsHigherThanConfigured_ReturnsSuccess()
    {
        string hash = TestHashers.Create(iterations: 2_000).Hash("5831");
        Assert.Equal(PinVerificationResult.Success, TestHashers.Create(iterations: 1_000).Verify(hash, "5831"));
    }

    [Fact]
    public void Verify_WhenStoredPrfDiffers_ReturnsSuccessRehashNeeded()
    {
        string hash = TestHashers.Create(Pbkdf2Algorithm.Sha256).Hash("5831");
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create(Pbkdf2Algorithm.Sha512).Verify(hash, "5831"));
    }

    [Fact]
    public void Verify_WhenStoredSaltShorterThanConfigured_ReturnsSuccessRehashNeeded()
    {
        Pbkdf2PinHasherOptions small = TestHashers.Options();
        small.SaltSize = 8;
        string hash = new Pbkdf2PinHasher(small).Hash("5831");
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create().Verify(hash, "5831"));
    }

    [Fact]
    public void Hash_WithPepper_RecordsKeyId_AndVerifiesOnlyWithThatKey()
    {
        Pbkdf2PinHasher peppered = TestHashers.Create(pepper: TestHashers.Pepper("k1", "k1"));
        string hash = peppered.Hash("9021");
        Assert.Contains(",k=k1$", hash, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.Success, peppered.Verify(hash, "9021"));
        Assert.Equal(PinVerificationResult.Failed, peppered.Verify(hash, "9022"));
        Assert.Equal("k1", peppered.Inspect(hash).PepperKeyId);

        // Same key id, different key bytes: the PIN alone does not verify.
        var otherKey = new OptionsPinPepperProvider(new PinPepperOptions
        {
            CurrentKeyId = "k1",
            Keys = { ["k1"] = Convert.ToBase64String(new byte[32]) },
        });
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create(pepper: otherKey).Verify(hash, "9021"));
    }

    [Fact]
    public void Verify_WhenHashUnderOldPepperKey_ReturnsSuccessRehashNeeded_AndRehashUsesCurrentKey()
    {
        string hash = TestHashers.Create(pepper: TestHashers.Pepper("2025", "2025")).Hash("6042");
        Pbkdf2PinHasher rotated = TestHashers.Create(pepper: TestHashers.Pepper("2026", "2025", "2026"));
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, rotated.Verify(hash, "6042"));
        Assert.True(rotated.Inspect(hash).NeedsRehash);

        string rehashed = rotated.Hash("6042");
        Assert.Contains(",k=2026$", rehashed, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.Success, rotated.Verify(rehashed, "6042"));
    }

    [Fact]
    public void Verify_WhenPepperKeyIdUnknown_ReturnsFailed_AndInspectSaysUnknownPepperKey()
    {
        string hash = TestHashers.Create(pepper: TestHashers.Pepper("old", "old")).Hash("6042");
        Pbkdf2PinHasher retired = TestHashers.Create(pepper: TestHashers.Pepper("new", "new"));
        Assert.Equal(PinVerificationResult.Failed, retired.Verify(hash, "6042"));
        Assert.Equal(PinHashError.UnknownPepperKey, retired.Inspect(hash).Error);

        Pbkdf2PinHasher noPepper = TestHashers.Create();
        Assert.Equal(PinVerificationResult.Failed, noPepper.Verify(hash, "6042"));
        Assert.Equal(PinHashError.UnknownPepperKey, noPepper.Inspect(hash).Error);
    }

    [Fact]
    public void Verify_WhenUnpepperedHashAndPepperConfigured_ReturnsSuccessRehashNeeded()
    {
        string hash = TestHashers.Create().Hash("6042");
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create(pepper: TestHashers.Pepper("k", "k")).Verify(hash, "6042"));
    }

    [Fact]
    public void Inspect_WhenCurrent_ReportsParametersAndNoRehash()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        PinHashInspection inspection = hasher.Inspect(hasher.Hash("6042"));
        Assert.True(inspection.IsValid);
        Assert.Equal(PinHashError.None, inspection.Error);
        Assert.Equal("pbkdf2", inspection.Format);
        Assert.Equal("pbkdf2-sha512", inspection.Algorithm);
        Assert.Equal(TestHashers.Iterations, inspection.Iterations);
        Assert.Null(inspection.PepperKeyId);
        Assert.False(inspection.NeedsRehash);
    }

    public static TheoryData<string, PinHashError> Corruptions()
    {
        const string Salt = "AAECAwQFBgcICQoLDA0ODw"; // 16 bytes
        string hash = StrictB64(new byte[64]);
        return new TheoryData<string, PinHashError>
        {
            { "", PinHashError.Malformed },
            { "$", PinHashError.Malformed },
            { "$pbkdf2-sha512", PinHashError.Malformed },
            { "$pbkdf2-sha512$i=1000", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}$", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}${hash}$", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=01000${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=-1000${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000,x=1${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$k=1,i=1000${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000,k=${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000,k=a$b${Salt}${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}=${hash}", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}${hash}==", PinHashError.Malformed },
            { $"$pbkdf2-sha512$i=1000${Salt}${hash[..^1]}", PinHashError.Malformed }, // 85 chars: not a base64 length
            { $"$pbkdf2-sha512$i=1000${Salt[..^1]}B${hash}", PinHashError.Malformed }, // non-canonical last char
            { $"$pbkdf2-sha512$i=1000${Salt}${hash[..^1]}!", PinHashError.Malformed },
            { $"$pbkdf2-md5$i=1000${Salt}${hash}", PinHashError.UnknownAlgorithm },
            { $"$PBKDF2-SHA512$i=1000${Salt}${hash}", PinHashError.UnknownAlgorithm },
            { $"$argon2id$v=19$m=65536,t=2,p=1${Salt}${hash}", PinHashError.UnknownAlgorithm },
            { $"$pbkdf2-sha512$i=999${Salt}${hash}", PinHashError.IterationsOutOfRange },
            { $"$pbkdf2-sha512$i=10000001${Salt}${hash}", PinHashError.IterationsOutOfRange },
            { $"$pbkdf2-sha512$i=9999999999${Salt}${hash}", PinHashError.IterationsOutOfRange },
            { $"$pbkdf2-sha512$i=1000$AAECAw${hash}", PinHashError.WrongLength },               // 4-byte salt
            { $"$pbkdf2-sha512$i=1000${StrictB64(new byte[65])}${hash}", PinHashError.WrongLength },
            { $"$pbkdf2-sha512$i=1000${Salt}${StrictB64(new byte[8])}", PinHashError.WrongLength },
            { $"$pbkdf2-sha512$i=1000${Salt}${StrictB64(new byte[65])}", PinHashError.WrongLength },
            { $"$pbkdf2-sha512$i=1000,k=nokey${Salt}${hash}", PinHashError.UnknownPepperKey },
            { "garbage", PinHashError.Malformed },
            { "not base64 at all!!", PinHashError.Malformed },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Inspect_WhenCorrupt_ReportsError_AndVerifyFails(string stored, PinHashError expected)
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        PinHashInspection inspection = hasher.Inspect(stored);
        Assert.False(inspection.IsValid);
        Assert.Equal(expected, inspection.Error);
        Assert.False(inspection.NeedsRehash);
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, "1234"));
    }

    [Property]
    public Property HashThenVerify_ForAnyValidPin_Succeeds()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        return Prop.ForAll(
                ValidPins.ToArbitrary(),
                pin =>
                {
                    string hash = hasher.Hash(pin);
                    return hasher.Verify(hash, pin) == PinVerificationResult.Success
                        && hasher.Inspect(hash) is { IsValid: true, NeedsRehash: false };
                });
    }

    [Property]
    public Property Verify_AnySingleCharacterMutationOfStoredHash_NeverVerifies()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create(pepper: TestHashers.Pepper("k1", "k1", "k2"));
        const string Pin = "246813";
        string stored = hasher.Hash(Pin);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=$,-_ik\u00e9\0";
        Gen<string> mutations =
            from position in Gen.Choose(0, stored.Length - 1)
            from replacement in Gen.Elements(Alphabet.ToCharArray())
            where stored[position] != replacement
            select string.Concat(stored.AsSpan(0, position), replacement.ToString(), stored.AsSpan(position + 1));

        return Prop.ForAll(mutations.ToArbitrary(), mutated => hasher.Verify(mutated, Pin) == PinVerificationResult.Failed);
    }

    [Fact]
    public void Verify_EveryPositionReplacedWithSeveralCharacters_NeverVerifies()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        string stored = hasher.Hash("8305");
        foreach (char replacement in "A/9$")
        {
            for (int i = 0; i < stored.Length; i++)
            {
                if (stored[i] == replacement)
                {
                    continue;
                }

                string mutated = string.Concat(stored.AsSpan(0, i), replacement.ToString(), stored.AsSpan(i + 1));
                Assert.Equal(PinVerificationResult.Failed, hasher.Verify(mutated, "8305"));
            }
        }
    }

    [Fact]
    public void Verify_EverySingleCharacterDeletion_NeverVerifies()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        string stored = hasher.Hash("8305");
        for (int i = 0; i < stored.Length; i++)
        {
            Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored.Remove(i, 1), "8305"));
        }
    }

    [Property]
    public bool VerifyAndInspect_OnArbitraryStrings_NeverThrow(string s)
    {
        PinHashInspection inspection = PepperedHasher.Inspect(s);
        return PepperedHasher.Verify(s, "1234") == PinVerificationResult.Failed && (inspection.IsValid || !inspection.NeedsRehash);
    }

    private static readonly Pbkdf2PinHasher PepperedHasher = TestHashers.Create(pepper: TestHashers.Pepper("k1", "k1"));

    [Property]
    public Property VerifyAndInspect_OnPhcLikeStrings_NeverThrow()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Gen<string> phcLike =
            from parts in Gen.ArrayOf(Gen.Elements("$", "pbkdf2-sha512", "pbkdf2-sha256", "legacy-md5", "i=", "1000", ",", "k=", "k1", "salt=", "pos=prefix", "AAAA", "QUJD", "=", "0", "A", "ff", "ab"))
            select string.Concat(parts);
        return Prop.ForAll(
                phcLike.ToArbitrary(),
                s =>
                {
                    PinHashInspection inspection = hasher.Inspect(s);
                    PinVerificationResult result = hasher.Verify(s, "1234");
                    return inspection.IsValid || result == PinVerificationResult.Failed;
                });
    }

    [Fact]
    public void Verify_PhcPath_AllocatesNothing()
    {
        Pbkdf2PinHasher hasher = TestHashers.Create(pepper: TestHashers.Pepper("k1", "k1"));
        string stored = hasher.Hash("730194");
        hasher.Verify(stored, "730194"); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        PinVerificationResult result = hasher.Verify(stored, "730194");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(PinVerificationResult.Success, result);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Constructor_WhenOptionsInvalid_ThrowsWithEveryError()
    {
        var options = new Pbkdf2PinHasherOptions { Iterations = 5, SaltSize = 2, HashSize = 100, MinimumIterations = 10 };
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new Pbkdf2PinHasher(options));
        Assert.Contains("Iterations", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SaltSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HashSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumIterations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CopiesOptions_SoLaterChangesDoNotAffectTheHasher()
    {
        Pbkdf2PinHasherOptions options = TestHashers.Options();
        var hasher = new Pbkdf2PinHasher(options);
        options.Iterations = 5_000;
        Assert.Contains("$i=1000$", hasher.Hash("1234"), StringComparison.Ordinal);
    }

    private static string StrictB64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    [GeneratedRegex(@"^\$(?<alg>pbkdf2-sha(512|256))\$i=(?<i>[1-9][0-9]*)(,k=[A-Za-z0-9_-]+)?\$(?<salt>[A-Za-z0-9+/]+)\$(?<hash>[A-Za-z0-9+/]+)$")]
    private static partial Regex PhcPattern();
}
