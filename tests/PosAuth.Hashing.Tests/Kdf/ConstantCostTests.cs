using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PosAuth.Testing;

namespace PosAuth.Hashing.Tests.Kdf;

/// <summary>
/// Issue 11, "no enumeration by timing": a wrong PIN must cost the same whatever the stored format. Measured without a
/// clock: <see cref="KdfMeter"/> counts the PBKDF2 work (block-iterations, by PRF) each call ran on this thread. The
/// dummy verification of an unknown operator is a verification of a hash written with the current parameters, so
/// "the same cost" means: exactly the current SHA-512 work, whatever the stored string is. Work under another PRF counts
/// at its relative cost measured on the machine; here the measuring clock is scripted so that it is exactly one half.
/// </summary>
public sealed class ConstantCostTests
{
    private const int Current = 4_000;
    private const string Pin = "730194";
    private const string WrongPin = "591046";
    private static readonly object User = new();

    private static PinHasher Hasher { get; } = new(new Pbkdf2HashFormat(TestHashers.Options(iterations: Current), ScriptedTimeProvider.RelativeCost(0.5)));

    public static TheoryData<string> NonCurrentHashes() => new(NonCurrent().Keys);

    [Fact]
    public void Verify_CurrentHash_CostsExactlyTheCurrentKdf()
    {
        string stored = Hasher.Hash(Pin);
        Assert.Equal(new KdfMeter.KdfWork(0, 0, Current), Work(() => Hasher.Verify(stored, WrongPin)));
        Assert.Equal(new KdfMeter.KdfWork(0, 0, Current), Work(() => Hasher.Verify(stored, Pin)));
    }

    [Theory]
    [MemberData(nameof(NonCurrentHashes))]
    public void Verify_WrongPin_AgainstANonCurrentHash_PaysExactlyTheCurrentCost(string kind)
    {
        string stored = NonCurrent()[kind];
        Assert.Equal(PinVerificationResult.Failed, Hasher.Verify(stored, WrongPin));
        Assert.Equal(Current, Sha512Equivalent(Work(() => Hasher.Verify(stored, WrongPin))));
    }

    [Theory]
    [MemberData(nameof(NonCurrentHashes))]
    public void Verify_RightPin_AgainstANonCurrentHash_AlsoPaysTheCurrentCost(string kind)
    {
        // Verify's duration does not depend on whether the PIN matched either.
        string stored = NonCurrent()[kind];
        Assert.Equal(Current, Sha512Equivalent(Work(() => Hasher.Verify(stored, Pin))));
    }

    [Fact]
    public void Verify_DummyOfTheAuthenticator_CostsWhatEveryLegacyAccountCosts()
    {
        // OperatorAuthenticator's dummy for an unknown operator: Verify(Hash("00000000"), pin).
        string dummy = Hasher.Hash("00000000");
        long dummyWork = Sha512Equivalent(Work(() => Hasher.Verify(dummy, WrongPin)));
        foreach ((string kind, string stored) in NonCurrent())
        {
            Assert.True(dummyWork == Sha512Equivalent(Work(() => Hasher.Verify(stored, WrongPin))), kind);
        }
    }

    [Fact]
    public void Verify_UnderParameterisedHashOfTheSamePrf_IsPaddedToTheCurrentCost_NotChargedTwice()
    {
        string weak = TestHashers.Create(iterations: 1_000).Hash(Pin);
        KdfMeter.KdfWork work = Work(() => Hasher.Verify(weak, WrongPin));
        Assert.Equal(new KdfMeter.KdfWork(0, 0, Current), work); // 1,000 verifying + 3,000 padding, not 1,000 + 4,000
    }

    [Fact]
    public void Verify_HashUnderAnotherPrf_IsPaddedByItsSha512Equivalent_AtTheMeasuredRelativeCost()
    {
        // A SHA-256 (or SHA-1) iteration costs some fraction of a SHA-512 one that depends on the CPU: measured once, here 1/2.
        string sha256 = TestHashers.Create(Pbkdf2Algorithm.Sha256, 1_000).Hash(Pin);
        Assert.Equal(new KdfMeter.KdfWork(0, 1_000, Current - 500), Work(() => Hasher.Verify(sha256, WrongPin)));

        string v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 })).HashPassword(User, Pin);
        Assert.Equal(new KdfMeter.KdfWork(2_000, 0, Current - 1_000), Work(() => Hasher.Verify(v2, WrongPin))); // 1,000 iterations x 2 SHA-1 blocks
    }

    [Fact]
    public void Verify_HashUnderAnotherPrf_WhenTheRelativeCostCannotBeMeasured_PaysTheWholeCurrentCostOnTop()
    {
        var hasher = new PinHasher(new Pbkdf2HashFormat(TestHashers.Options(iterations: Current), new PosAuth.Testing.ManualTimeProvider())); // never moves
        string sha256 = TestHashers.Create(Pbkdf2Algorithm.Sha256, 1_000).Hash(Pin);
        Assert.Equal(new KdfMeter.KdfWork(0, 1_000, Current), Work(() => hasher.Verify(sha256, WrongPin)));
    }

    [Fact]
    public void Verify_HashUnderAnotherPrfCostingMoreThanTheCurrentRun_IsNotPadded()
    {
        string sha256 = TestHashers.Create(Pbkdf2Algorithm.Sha256, 10_000).Hash(Pin); // 10,000 x 1/2 = 5,000 > 4,000
        Assert.Equal(new KdfMeter.KdfWork(0, 10_000, 0), Work(() => Hasher.Verify(sha256, WrongPin)));
    }

    [Fact]
    public void Verify_StrongerHashThanConfigured_IsNotPadded()
    {
        string strong = TestHashers.Create(iterations: 2 * Current).Hash(Pin);
        Assert.Equal(new KdfMeter.KdfWork(0, 0, 2 * Current), Work(() => Hasher.Verify(strong, WrongPin)));
    }

    [Fact]
    public void Verify_WithSha256Configured_PadsInSha256()
    {
        Pbkdf2PinHasher sha256 = TestHashers.Create(Pbkdf2Algorithm.Sha256, Current);
        string legacy = NonCurrent()["legacy-md5"];
        Assert.Equal(new KdfMeter.KdfWork(0, Current, 0), Work(() => sha256.Verify(legacy, WrongPin)));
    }

    [Property]
    public bool Verify_AnyStringAtAll_PaysAtLeastTheCurrentCost(string s) =>
        Work(() => Hasher.Verify(s, WrongPin)).Sha512 >= Current;

    [Fact]
    public void Verify_InvalidPinInput_RunsNoKdf_WhateverTheStoredHash()
    {
        // Input is checked before the stored hash is looked at, so this answer says nothing about the account.
        string current = Hasher.Hash(Pin);
        string legacy = NonCurrent()["legacy-md5"];
        Assert.Equal(default, Work(() => Hasher.Verify(current, "12a4")));
        Assert.Equal(default, Work(() => Hasher.Verify(legacy, "12a4")));
    }

    [Theory]
    [MemberData(nameof(NonCurrentHashes))]
    public void Verify_NonCurrentHash_AllocatesNothing(string kind)
    {
        string stored = NonCurrent()[kind];
        Hasher.Verify(stored, WrongPin); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Hasher.Verify(stored, WrongPin);
        Hasher.Verify(stored, Pin);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The work in SHA-512 block-iterations, SHA-1 and SHA-256 counted at the scripted relative cost (1/2).</summary>
    private static long Sha512Equivalent(KdfMeter.KdfWork work) => work.Sha512 + ((work.Sha256 + work.Sha1) / 2);

    private static KdfMeter.KdfWork Work(Func<PinVerificationResult> verify)
    {
        KdfMeter.KdfWork before = KdfMeter.Read();
        _ = verify();
        return KdfMeter.Read() - before;
    }

    private static Dictionary<string, string> NonCurrent()
    {
        byte[] pin = Encoding.ASCII.GetBytes(Pin);
        byte[] salt = [1, 2, 3, 4, 5, 6, 7, 8];
        string peppered = TestHashers.Create(iterations: Current, pepper: TestHashers.Pepper("old", "old")).Hash(Pin);
        return new Dictionary<string, string>
        {
            ["legacy-md5"] = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, Convert.ToHexString(MD5.HashData(pin))),
            ["legacy-sha256-salted"] = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, Convert.ToHexString(SHA256.HashData([.. salt, .. pin])), salt, LegacySaltPosition.Prefix),
            ["identity-v2"] = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 })).HashPassword(User, Pin),
            ["identity-v3-sha512"] = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })).HashPassword(User, Pin),
            ["identity-v3-sha256"] = IdentityV3(HashAlgorithmName.SHA256, 1, 1_000),
            ["pbkdf2-sha512-weaker"] = TestHashers.Create(iterations: 1_000).Hash(Pin),
            ["pbkdf2-sha256"] = TestHashers.Create(Pbkdf2Algorithm.Sha256, 1_000).Hash(Pin),
            ["corrupt"] = "$pbkdf2-sha512$i=1000$AAAA$BBBB",
            ["unknown-pepper-key"] = peppered,
            ["unknown-format"] = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            ["garbage"] = "not a hash",
            ["empty"] = string.Empty,
        };
    }

    private static string IdentityV3(HashAlgorithmName prf, uint prfId, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(Pin), salt, iterations, prf, 32);
        byte[] output = new byte[13 + 16 + 32];
        output[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), prfId);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(9), 16);
        salt.CopyTo(output, 13);
        subkey.CopyTo(output, 29);
        return Convert.ToBase64String(output);
    }
}
