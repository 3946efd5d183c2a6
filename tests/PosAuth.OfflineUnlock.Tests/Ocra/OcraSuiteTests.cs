using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosAuth.Testing;

namespace PosAuth.OfflineUnlock.Tests.Ocra;

public sealed class OcraSuiteTests
{
    [Fact]
    public void Parse_FullSuite_ExposesEveryField()
    {
        OcraSuite suite = OcraSuite.Parse("OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S128-T30S");

        Assert.Equal(OcraHashAlgorithm.Sha512, suite.HashAlgorithm);
        Assert.Equal(10, suite.Digits);
        Assert.True(suite.UsesCounter);
        Assert.Equal(OcraChallengeFormat.Hexadecimal, suite.ChallengeFormat);
        Assert.Equal(64, suite.ChallengeMaxLength);
        Assert.Equal(OcraHashAlgorithm.Sha256, suite.PinHashAlgorithm);
        Assert.Equal(32, suite.PinHashLength);
        Assert.Equal(128, suite.SessionInfoLength);
        Assert.Equal(TimeSpan.FromSeconds(30), suite.TimeStep);
        Assert.Equal("OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S128-T30S", suite.ToString());
    }

    [Fact]
    public void Parse_MinimalSuite_HasNoOptionalFields()
    {
        OcraSuite suite = OcraSuite.Parse("OCRA-1:HOTP-SHA1-6:QN08");

        Assert.Equal(OcraHashAlgorithm.Sha1, suite.HashAlgorithm);
        Assert.Equal(6, suite.Digits);
        Assert.False(suite.UsesCounter);
        Assert.Equal(OcraChallengeFormat.Numeric, suite.ChallengeFormat);
        Assert.Equal(8, suite.ChallengeMaxLength);
        Assert.Null(suite.PinHashAlgorithm);
        Assert.False(suite.UsesPinHash);
        Assert.Equal(0, suite.SessionInfoLength);
        Assert.False(suite.UsesSessionInfo);
        Assert.Null(suite.TimeStep);
        Assert.False(suite.UsesTimestamp);
    }

    [Theory]
    [InlineData("OCRA-1:HOTP-SHA1-0:QA04", 0)]
    [InlineData("OCRA-1:HOTP-SHA256-4:QN04", 4)]
    [InlineData("OCRA-1:HOTP-SHA256-8:QN08-S064", 8)]
    [InlineData("OCRA-1:HOTP-SHA512-8:QA10-T1M", 8)]
    [InlineData("OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1", 6)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T48H", 6)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T59M", 6)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-S512", 6)]
    public void Parse_ValidSuite_RoundTripsThroughToString(string text, int digits)
    {
        OcraSuite suite = OcraSuite.Parse(text);

        Assert.Equal(text, suite.ToString());
        Assert.Equal(digits, suite.Digits);
        Assert.Equal(suite, OcraSuite.Parse(suite.ToString()));
    }

    [Theory]
    [InlineData("T1S", 1)]
    [InlineData("T1M", 60)]
    [InlineData("T2H", 7200)]
    public void Parse_TimeStep_IsConverted(string token, int seconds)
    {
        OcraSuite suite = OcraSuite.Parse("OCRA-1:HOTP-SHA1-6:QN08-" + token);

        Assert.Equal(TimeSpan.FromSeconds(seconds), suite.TimeStep);
    }

    [Theory]
    [InlineData("", "start with")]
    [InlineData("OCRA-2:HOTP-SHA1-6:QN08", "start with")]
    [InlineData("ocra-1:hotp-sha1-6:qn08", "start with")]
    [InlineData("OCRA-1:TOTP-SHA1-6:QN08", "start with")]
    [InlineData("OCRA-1:HOTP-SHA1-6", "no data input")]
    [InlineData("OCRA-1:HOTP-SHA3-6:QN08", "SHA1, SHA256 or SHA512")]
    [InlineData("OCRA-1:HOTP-SHA1:QN08", "crypto function")]
    [InlineData("OCRA-1:HOTP-SHA1-3:QN08", "truncation")]
    [InlineData("OCRA-1:HOTP-SHA1-11:QN08", "truncation")]
    [InlineData("OCRA-1:HOTP-SHA1-06:QN08", "truncation")]
    [InlineData("OCRA-1:HOTP-SHA1-6:", "empty")]
    [InlineData("OCRA-1:HOTP-SHA1-6:C", "no challenge")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QX08", "QN, QA or QH")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN8", "QN, QA or QH")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN03", "04 to 64")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN65", "04 to 64")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-PSHA3", "PSHA1")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-S64", "S followed by three digits")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-S000", "S followed by three digits")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-S513", "S followed by three digits")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T0H", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T60M", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T49H", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T01M", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T1X", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-TM", "timestamp")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-C", "order")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-QN08", "order")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-T1M-S064", "order")]
    [InlineData("OCRA-1:HOTP-SHA1-6:C--QN08", "empty field")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-", "empty field")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08-X", "not one of")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08:T1M", "QN, QA or QH")]
    [InlineData(" OCRA-1:HOTP-SHA1-6:QN08", "start with")]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08 ", "QN, QA or QH")]
    public void TryParse_InvalidSuite_ReturnsFalseWithReason(string text, string reasonFragment)
    {
        bool ok = OcraSuite.TryParse(text, out OcraSuite? suite, out string? error);

        Assert.False(ok);
        Assert.Null(suite);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
        OcraFormatException ex = Assert.Throws<OcraFormatException>(() => OcraSuite.Parse(text));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(OcraSuite.TryParse(null, out _, out string? error));
        Assert.NotNull(error);
        Assert.Throws<ArgumentNullException>(() => OcraSuite.Parse(null!));
    }

    [Fact]
    public void TryParse_VeryLongInput_IsRejectedWithoutParsing()
    {
        string huge = "OCRA-1:HOTP-SHA1-6:QN08" + new string('-', 1_000_000);

        Assert.False(OcraSuite.TryParse(huge, out _, out string? error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Property]
    public bool TryParse_ArbitraryStrings_NeverThrows(string s)
    {
        bool ok = OcraSuite.TryParse(s, out OcraSuite? suite, out string? error);
        return ok ? suite is not null && error is null && suite.ToString() == s : suite is null && error is not null;
    }

    [Property]
    public Property TryParse_MutatedValidSuites_NeverThrowsAndRoundTripsWhenAccepted()
    {
        const string alphabet = "OCRA-1:HOTPSHA256QNAHPT0123456789SMH-:cq x";
        Gen<string> mutated =
            from baseSuite in Gen.Elements(
                "OCRA-1:HOTP-SHA1-6:QN08",
                "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1",
                "OCRA-1:HOTP-SHA512-8:QA10-T1M",
                "OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S128-T30S")
            from position in Gen.Choose(0, baseSuite.Length - 1)
            from replacement in Gen.Elements(alphabet.ToCharArray())
            from insert in ArbMap.Default.GeneratorFor<bool>()
            select insert
                ? baseSuite.Insert(position, replacement.ToString())
                : string.Concat(baseSuite.AsSpan(0, position), replacement.ToString(), baseSuite.AsSpan(position + 1));

        return Prop.ForAll(
                mutated.ToArbitrary(),
                s =>
                {
                    bool ok = OcraSuite.TryParse(s, out OcraSuite? suite, out _);
                    return !ok || (suite!.ToString() == s && OcraSuite.Parse(s).Equals(suite));
                });
    }

    [Theory]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08", "1234", true)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08", "12345678", true)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08", "123", false)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08", "123456789", false)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QN08", "1234567a", false)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QH08", "deadBEEF", true)]
    [InlineData("OCRA-1:HOTP-SHA1-6:QA08", "SIG 1000", true)]
    public void IsValidChallenge_ChecksOneChallengeFormatAndLength(string suite, string challenge, bool expected)
    {
        Assert.Equal(expected, OcraSuite.Parse(suite).IsValidChallenge(challenge));
    }

    [Fact]
    public void HashPin_WithoutPinField_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => OcraSuite.Parse("OCRA-1:HOTP-SHA1-6:QN08").HashPin("1234"));
    }

    [Fact]
    public void GetTimestamp_WithTimeProvider_UsesItsClock()
    {
        var clock = new PosAuth.Testing.ManualTimeProvider(new DateTimeOffset(1970, 1, 1, 0, 10, 59, TimeSpan.Zero));
        OcraSuite suite = OcraSuite.Parse("OCRA-1:HOTP-SHA1-6:QN08-T1M");

        Assert.Equal(10UL, suite.GetTimestamp(clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => suite.GetTimestamp(DateTimeOffset.UnixEpoch.AddSeconds(-1)));
        Assert.Throws<InvalidOperationException>(() => OcraSuite.Parse("OCRA-1:HOTP-SHA1-6:QN08").GetTimestamp(clock));
    }
}
