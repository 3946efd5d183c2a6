using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class UnlockKeyDerivationTests
{
    internal static readonly byte[] MasterKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void DeriveTerminalKey_SameInputs_IsDeterministic()
    {
        byte[] first = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001");
        byte[] second = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001");

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void DeriveTerminalKey_IsHkdfSha256WithTheDocumentedSaltAndInfo()
    {
        byte[] expected = HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            MasterKey,
            32,
            Encoding.UTF8.GetBytes("PosAuth.OfflineUnlock.Salt.v1"),
            Encoding.UTF8.GetBytes("PosAuth offline unlock v1|SN-0001"));

        Assert.Equal(expected, UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001"));
    }

    [Fact]
    public void DeriveTerminalKey_KnownAnswer_MatchesAnIndependentHkdfComputation()
    {
        // Computed independently (Python hmac/hashlib HKDF) for master 000102..1f and serial SN-0001.
        Assert.Equal(
            "34d227e351422ee4432739c2de57c9e3a210f4cf27c4f4286b00f496135589b4",
            Convert.ToHexStringLower(UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001")));
    }

    [Fact]
    public void DeriveTerminalKey_SpanOverload_MatchesArrayOverload()
    {
        Span<byte> key = stackalloc byte[48];

        UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001", key);

        Assert.Equal(UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001", 48), key.ToArray());
    }

    [Property]
    public Property DeriveTerminalKey_DistinctSerials_GiveDistinctKeys()
    {
        Gen<string> serial = Gen.Choose(0, 999_999).Select(n => $"SN-{n:D6}");
        return Prop.ForAll(
                serial.ToArbitrary(),
                serial.ToArbitrary(),
                (a, b) => a == b || !UnlockKeyDerivation.DeriveTerminalKey(MasterKey, a).AsSpan()
                    .SequenceEqual(UnlockKeyDerivation.DeriveTerminalKey(MasterKey, b)));
    }

    [Fact]
    public void DeriveTerminalKey_SerialIsCaseSensitiveAndMasterKeyMatters()
    {
        byte[] upper = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-ABC");
        byte[] lower = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-abc");
        byte[] otherMaster = UnlockKeyDerivation.DeriveTerminalKey(new byte[32], "SN-ABC");

        Assert.NotEqual(upper, lower);
        Assert.NotEqual(upper, otherMaster);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" SN-0001")]
    [InlineData("SN 0001")]
    [InlineData("SN-０００１")]
    [InlineData("SN-0001\n")]
    public void DeriveTerminalKey_WithInvalidSerial_Throws(string serial)
    {
        Assert.Throws<ArgumentException>(() => UnlockKeyDerivation.DeriveTerminalKey(MasterKey, serial));
    }

    [Fact]
    public void DeriveTerminalKey_WithTooLongSerialOrShortMasterKeyOrBadLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => UnlockKeyDerivation.DeriveTerminalKey(MasterKey, new string('A', 65)));
        Assert.Throws<ArgumentException>(() => UnlockKeyDerivation.DeriveTerminalKey(new byte[15], "SN-0001"));
        Assert.Throws<ArgumentOutOfRangeException>(() => UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001", 15));
        Assert.Throws<ArgumentOutOfRangeException>(() => UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001", 65));
        Assert.Throws<ArgumentNullException>(() => UnlockKeyDerivation.DeriveTerminalKey(MasterKey, null!));
    }
}
