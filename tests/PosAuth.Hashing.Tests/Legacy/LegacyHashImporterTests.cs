using System.Security.Cryptography;
using System.Text;

namespace PosAuth.Hashing.Tests.Legacy;

public sealed class LegacyHashImporterTests
{
    [Theory]
    [InlineData(LegacyDigestAlgorithm.Md5, "$legacy-md5$")]
    [InlineData(LegacyDigestAlgorithm.Sha1, "$legacy-sha1$")]
    [InlineData(LegacyDigestAlgorithm.Sha256, "$legacy-sha256$")]
    public void FromHexDigest_Unsalted_VerifiesAsSuccessRehashNeeded(LegacyDigestAlgorithm algorithm, string prefix)
    {
        string stored = LegacyHashImporter.FromHexDigest(algorithm, Digest(algorithm, "1234"u8.ToArray()));
        Assert.StartsWith(prefix, stored, StringComparison.Ordinal);
        Pbkdf2PinHasher hasher = TestHashers.Create();
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(stored, "1234"));
        Assert.Equal(PinVerificationResult.Failed, hasher.Verify(stored, "1235"));
        PinHashInspection inspection = hasher.Inspect(stored);
        Assert.True(inspection.IsValid);
        Assert.True(inspection.NeedsRehash);
        Assert.Equal("legacy-digest", inspection.Format);
    }

    [Theory]
    [InlineData(LegacySaltPosition.Prefix)]
    [InlineData(LegacySaltPosition.Suffix)]
    public void FromHexDigest_SaltedWithText_VerifiesOnlyAtTheRecordedPosition(LegacySaltPosition position)
    {
        byte[] salt = Encoding.UTF8.GetBytes("s@lt-42");
        byte[] pin = "730194"u8.ToArray();
        byte[] input = position == LegacySaltPosition.Prefix ? [.. salt, .. pin] : [.. pin, .. salt];
        string hex = Digest(LegacyDigestAlgorithm.Sha256, input).ToUpperInvariant();

        string stored = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, hex, "s@lt-42", position);
        Assert.Contains(position == LegacySaltPosition.Prefix ? "pos=prefix" : "pos=suffix", stored, StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, TestHashers.Create().Verify(stored, "730194"));

        string wrongPosition = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, hex, "s@lt-42", 1 - position);
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(wrongPosition, "730194"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz112233445566778899aabbccddeeff")]
    public void FromHexDigest_WhenNotHexOfRightLength_Throws(string hex)
    {
        Assert.Throws<ArgumentException>(() => LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, hex));
    }

    [Theory]
    [InlineData("$legacy-md5$0123456789abcdef0123456789abcde", PinHashError.WrongLength)]
    [InlineData("$legacy-md5$0123456789ABCDEF0123456789ABCDEF", PinHashError.Malformed)]
    [InlineData("$legacy-crc32$01234567", PinHashError.UnknownAlgorithm)]
    [InlineData("$legacy-md5$salt=QUJD,pos=middle$0123456789abcdef0123456789abcdef", PinHashError.UnsupportedParameter)]
    [InlineData("$legacy-md5$salt=QUJD$0123456789abcdef0123456789abcdef", PinHashError.Malformed)]
    [InlineData("$legacy-md5$salt=,pos=prefix$0123456789abcdef0123456789abcdef", PinHashError.Malformed)]
    [InlineData("$legacy-md5$pepper=1$0123456789abcdef0123456789abcdef", PinHashError.Malformed)]
    [InlineData("$legacy-md5", PinHashError.Malformed)]
    public void Inspect_WhenLegacyStringCorrupt_ReportsError(string stored, PinHashError expected)
    {
        Assert.Equal(expected, TestHashers.Create().Inspect(stored).Error);
        Assert.Equal(PinVerificationResult.Failed, TestHashers.Create().Verify(stored, "1234"));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Produces legacy test data.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Produces legacy test data.")]
    private static string Digest(LegacyDigestAlgorithm algorithm, byte[] input) => Convert.ToHexStringLower(algorithm switch
    {
        LegacyDigestAlgorithm.Md5 => MD5.HashData(input),
        LegacyDigestAlgorithm.Sha1 => SHA1.HashData(input),
        _ => SHA256.HashData(input),
    });
}
