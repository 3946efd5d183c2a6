namespace PosAuth.Hashing.Argon2.Tests;

/// <summary>
/// The constant-cost rule of issue 11 with Argon2id: a wrong PIN costs what the unknown-operator dummy (a verification
/// of a hash written now) costs, whatever the stored format. Measured by the KDF meters (Argon2id pass-KiB, PBKDF2
/// block-iterations), never by a clock.
/// </summary>
public sealed class ConstantCostTests
{
    private const string Pin = "730194";
    private const string WrongPin = "591046";
    private const long Argon2Cost = TestArgon2.Memory * TestArgon2.Passes; // 64 KiB x 2 passes
    private const long Pbkdf2Cost = 1_000;

    public static TheoryData<string> Stored() => new(StoredHashes().Keys);

    [Theory]
    [MemberData(nameof(Stored))]
    public void Verify_Argon2idOnly_EveryStoredFormatCostsTheConfiguredArgon2idRun(string kind)
    {
        Argon2idPinHasher hasher = TestArgon2.Create();
        string stored = StoredHashes()[kind];
        (long argon2, _, _) = TestArgon2.Work(() => hasher.Verify(stored, WrongPin));
        Assert.True(argon2 >= Argon2Cost, $"{kind}: {argon2}");
        if (kind is not ("argon2id-other-memory" or "pbkdf2"))
        {
            Assert.Equal(Argon2Cost, argon2); // padded to the cost, not charged on top
        }
    }

    [Fact]
    public void Verify_Argon2idOnly_WeakerPassesAtTheSameMemory_ArePaddedNotDoubled()
    {
        string weaker = TestArgon2.Create(passes: 1).Hash(Pin);
        Argon2idPinHasher hasher = TestArgon2.Create();
        (long argon2, long largest, _) = TestArgon2.Work(() => hasher.Verify(weaker, WrongPin));
        Assert.Equal(Argon2Cost, argon2);                // 1 pass verifying + 1 pass padding
        Assert.Equal(TestArgon2.Memory, largest);
    }

    [Fact]
    public void Verify_Argon2idOnly_OtherMemory_PaysItsOwnRunAndTheWholeConfiguredOne()
    {
        string other = TestArgon2.Create(memory: 32).Hash(Pin);
        Argon2idPinHasher hasher = TestArgon2.Create();
        (long argon2, _, _) = TestArgon2.Work(() => hasher.Verify(other, WrongPin));
        Assert.Equal((32 * TestArgon2.Passes) + Argon2Cost, argon2);
    }

    [Theory]
    [MemberData(nameof(Stored))]
    public void Verify_WhileMigratingFromPbkdf2_EveryStoredFormatCostsBothConfiguredRuns_LikeTheDummy(string kind)
    {
        // Writing Argon2id and still reading PBKDF2: a not-yet-migrated account would cost a PBKDF2 run more than the
        // dummy, so every verification pays each configured run once (README: the price of reading two formats).
        Argon2idPinHasher hasher = TestArgon2.Create(alsoReadPbkdf2: TestArgon2.Pbkdf2());
        string dummy = hasher.Hash("00000000");
        (long dummyArgon2, _, long dummyPbkdf2) = TestArgon2.Work(() => hasher.Verify(dummy, WrongPin));
        Assert.Equal((Argon2Cost, Pbkdf2Cost), (dummyArgon2, dummyPbkdf2));

        string stored = StoredHashes()[kind];
        (long argon2, _, long pbkdf2) = TestArgon2.Work(() => hasher.Verify(stored, WrongPin));
        if (kind == "argon2id-other-memory")
        {
            Assert.Equal(((32 * TestArgon2.Passes) + Argon2Cost, Pbkdf2Cost), (argon2, pbkdf2)); // other memory: on top
        }
        else
        {
            Assert.Equal((dummyArgon2, dummyPbkdf2), (argon2, pbkdf2));
        }
    }

    [Fact]
    public void Verify_WritingPbkdf2AndReadingArgon2id_CostsBothRunsToo()
    {
        var hasher = new PinHasher(Pbkdf2PinHasher.CreateFormat(TestArgon2.Pbkdf2()), [Argon2idPinHasher.CreateFormat(TestArgon2.Options())]);
        foreach (string stored in new[] { hasher.Hash(Pin), TestArgon2.Create().Hash(Pin), "corrupt" })
        {
            (long argon2, _, long pbkdf2) = TestArgon2.Work(() => hasher.Verify(stored, WrongPin));
            Assert.Equal((Argon2Cost, Pbkdf2Cost), (argon2, pbkdf2));
        }
    }

    private static Dictionary<string, string> StoredHashes() => new()
    {
        ["argon2id-current"] = TestArgon2.Create().Hash(Pin),
        ["argon2id-one-pass"] = TestArgon2.Create(passes: 1).Hash(Pin),
        ["argon2id-other-memory"] = TestArgon2.Create(memory: 32).Hash(Pin),
        ["argon2id-unknown-key"] = TestArgon2.Create(pepper: TestArgon2.Pepper("gone", "gone")).Hash(Pin),
        ["argon2id-over-ceiling"] = "$argon2id$v=19$m=1048576,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        ["argon2id-corrupt"] = "$argon2id$v=19$m=64,t=2,p=1$AAAA$BBBB",
        ["pbkdf2"] = new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin),
        ["legacy-md5"] = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, Convert.ToHexString(System.Security.Cryptography.MD5.HashData("730194"u8))),
        ["garbage"] = "not a hash",
    };
}
