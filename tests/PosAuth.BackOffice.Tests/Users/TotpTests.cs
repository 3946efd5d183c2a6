using System.Security.Cryptography;
using System.Text;

namespace PosAuth.BackOffice.Tests.Users;

/// <summary>RFC 6238 Appendix B: every test vector, for SHA-1, SHA-256 and SHA-512, 8 digits, 30-second steps.</summary>
public sealed class TotpTests
{
    private const string Seed20 = "12345678901234567890";
    private const string Seed32 = "12345678901234567890123456789012";
    private const string Seed64 = "1234567890123456789012345678901234567890123456789012345678901234";

    [Theory]
    [InlineData(59L, "94287082", "SHA1")]
    [InlineData(59L, "46119246", "SHA256")]
    [InlineData(59L, "90693936", "SHA512")]
    [InlineData(1111111109L, "07081804", "SHA1")]
    [InlineData(1111111109L, "68084774", "SHA256")]
    [InlineData(1111111109L, "25091201", "SHA512")]
    [InlineData(1111111111L, "14050471", "SHA1")]
    [InlineData(1111111111L, "67062674", "SHA256")]
    [InlineData(1111111111L, "99943326", "SHA512")]
    [InlineData(1234567890L, "89005924", "SHA1")]
    [InlineData(1234567890L, "91819424", "SHA256")]
    [InlineData(1234567890L, "93441116", "SHA512")]
    [InlineData(2000000000L, "69279037", "SHA1")]
    [InlineData(2000000000L, "90698825", "SHA256")]
    [InlineData(2000000000L, "38618901", "SHA512")]
    [InlineData(20000000000L, "65353130", "SHA1")]
    [InlineData(20000000000L, "77737706", "SHA256")]
    [InlineData(20000000000L, "47863826", "SHA512")]
    public void Compute_MatchesRfc6238AppendixB(long unixTime, string expected, string algorithm)
    {
        var alg = new HashAlgorithmName(algorithm);
        string seed = algorithm switch { "SHA1" => Seed20, "SHA256" => Seed32, _ => Seed64 };
        long step = Totp.StepOf(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        Assert.Equal(expected, Totp.Compute(Encoding.ASCII.GetBytes(seed), step, 8, alg));
    }

    [Fact]
    public void TryVerify_AcceptsTheCurrentAndAdjacentStep_RefusesOlderAndReused()
    {
        byte[] key = Encoding.ASCII.GetBytes(Seed20);
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        long step = Totp.StepOf(now);
        Assert.True(Totp.TryVerify(key, Totp.Compute(key, step), now, 0, out long matched));
        Assert.Equal(step, matched);
        Assert.True(Totp.TryVerify(key, Totp.Compute(key, step - 1), now, 0, out _));
        Assert.False(Totp.TryVerify(key, Totp.Compute(key, step - 2), now, 0, out _));

        // The same code never works twice (the last accepted step is remembered).
        Assert.False(Totp.TryVerify(key, Totp.Compute(key, step), now, step, out _));
        Assert.False(Totp.TryVerify(key, "12345", now, 0, out _));
        Assert.False(Totp.TryVerify(key, null, now, 0, out _));
    }
}
