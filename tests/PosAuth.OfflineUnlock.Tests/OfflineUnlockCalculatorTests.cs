using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosAuth.Testing;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class OfflineUnlockCalculatorTests
{
    private static readonly byte[] MasterKey = UnlockKeyDerivationTests.MasterKey;
    private static readonly byte[] TerminalKey = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0001");
    private static readonly DateTimeOffset Issued = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DefaultSuite_IsSha256EightDigitsNumericChallengeWithSessionBinding()
    {
        Assert.Equal("OCRA-1:HOTP-SHA256-8:QN08-S064", OfflineUnlockCalculator.DefaultSuite.ToString());
        Assert.Equal("OCRA-1:HOTP-SHA256-8:QN12-S064", OfflineUnlockCalculator.GetSuite(12).ToString());
    }

    [Fact]
    public void ComputeResponseFromMaster_KnownAnswer_IsStable()
    {
        // Regression vector for the scheme (and for `posauth unlock-response --master-key ... --terminal-serial ...`):
        // master key 000102..1f, serial SN-0001, terminal T0000001, operator 01, challenge 12345678.
        string response = OfflineUnlockCalculator.ComputeResponseFromMaster(MasterKey, "SN-0001", "T0000001", "01", "12345678");

        Assert.Equal(KnownAnswer, response);
    }

    [Fact]
    public void ComputeResponse_EqualsGenericOcraWithBindingAsSessionInfo()
    {
        // What a generic OCRA tool computes with --suite OCRA-1:HOTP-SHA256-8:QN08-S064 --key <terminal key>
        // --challenge 12345678 --session <binding hex>.
        byte[] binding = OfflineUnlockCalculator.ComputeBinding("T0000001", "01");
        string generic = OcraGenerator.GenerateResponse(
            OcraSuite.Parse("OCRA-1:HOTP-SHA256-8:QN08-S064"), TerminalKey, new OcraInput("12345678") { SessionInfo = binding });

        Assert.Equal(generic, OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T0000001", "01", "12345678"));
        Assert.Equal(BindingHex, Convert.ToHexStringLower(binding));
    }

    [Fact]
    public void ComputeResponseFromMaster_EqualsComputeResponseWithDerivedKey()
    {
        Assert.Equal(
            OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T0000001", "00", "87654321"),
            OfflineUnlockCalculator.ComputeResponseFromMaster(MasterKey, "SN-0001", "T0000001", "00", "87654321"));
    }

    [Fact]
    public void VerifyResponse_ForTheIssuedChallenge_Accepts()
    {
        var clock = new ManualTimeProvider();
        OfflineUnlockChallenge challenge = OfflineUnlockChallenge.Issue("T0000001", "01", clock);

        OfflineUnlockRequest.TryParseQrPayload(challenge.ToQrPayload(), out OfflineUnlockRequest? request);
        string response = OfflineUnlockCalculator.ComputeResponse(TerminalKey, request!);

        Assert.Equal(8, response.Length);
        Assert.True(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, response));
    }

    [Property]
    public Property VerifyResponse_ForAnotherTerminalOperatorChallengeOrKey_NeverAccepts()
    {
        Gen<string> digits = Gen.Choose(0, 99_999_999).Select(n => n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
        byte[] otherKey = UnlockKeyDerivation.DeriveTerminalKey(MasterKey, "SN-0002");
        return Prop.ForAll(
                digits.ToArbitrary(),
                q =>
                {
                    string response = OfflineUnlockCalculator.ComputeResponse(TerminalKey, "TERMA", "01", q);
                    return OfflineUnlockCalculator.VerifyResponse(TerminalKey, Challenge(q, "TERMA", "01"), response)
                        && !OfflineUnlockCalculator.VerifyResponse(TerminalKey, Challenge(q, "TERMB", "01"), response)
                        && !OfflineUnlockCalculator.VerifyResponse(TerminalKey, Challenge(q, "TERMA", "00"), response)
                        && !OfflineUnlockCalculator.VerifyResponse(TerminalKey, Challenge(q, "TERMA", "99"), response)
                        && !OfflineUnlockCalculator.VerifyResponse(otherKey, Challenge(q, "TERMA", "01"), response)
                        && !OfflineUnlockCalculator.VerifyResponse(TerminalKey, Challenge(Next(q), "TERMA", "01"), response);
                });
    }

    [Fact]
    public void ComputeBinding_LengthPrefixesKeepSplitsApart()
    {
        Assert.NotEqual(OfflineUnlockCalculator.ComputeBinding("AB", "C"), OfflineUnlockCalculator.ComputeBinding("A", "BC"));
        Assert.NotEqual(OfflineUnlockCalculator.ComputeBinding("T1", "01"), OfflineUnlockCalculator.ComputeBinding("01", "T1"));
        Assert.Equal(64, OfflineUnlockCalculator.ComputeBinding("T1", "01").Length);
    }

    [Theory]
    [InlineData(" ", false)]
    [InlineData("-", false)]
    [InlineData("full", true)]
    public void VerifyResponse_AcceptsGroupedAndFullWidthDigits(string form, bool fullWidth)
    {
        OfflineUnlockChallenge challenge = Challenge("12345678", "T0000001", "01");
        string response = OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T0000001", "01", "12345678");
        string typed = fullWidth
            ? new string(response.Select(c => (char)('\uFF10' + (c - '0'))).ToArray())
            : string.Concat(response.AsSpan(0, 4), form, response.AsSpan(4));

        Assert.True(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, typed));
    }

    [Fact]
    public void VerifyResponse_MalformedResponses_AreRejectedWithoutThrowing()
    {
        OfflineUnlockChallenge challenge = Challenge("12345678", "T0000001", "01");
        string response = OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T0000001", "01", "12345678");

        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, null));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, ""));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, response[..7]));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, response + "0"));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, response[..7] + "x"));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(TerminalKey, challenge, new string('1', 10_000)));
    }

    [Fact]
    public void ComputeAndVerify_WithShortKeyOrInvalidValues_Throw()
    {
        OfflineUnlockChallenge challenge = Challenge("12345678", "T0000001", "01");

        Assert.Throws<ArgumentException>(() => OfflineUnlockCalculator.ComputeResponse(new byte[15], "T1", "01", "12345678"));
        Assert.Throws<ArgumentException>(() => OfflineUnlockCalculator.VerifyResponse(new byte[15], challenge, "12345678"));
        Assert.Throws<ArgumentException>(() => OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T:1", "01", "12345678"));
        Assert.Throws<ArgumentException>(() => OfflineUnlockCalculator.ComputeResponse(TerminalKey, "T1", "01", "1234"));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfflineUnlockCalculator.GetSuite(5));
    }

    private const string KnownAnswer = "88262185";
    private const string BindingHex =
        "6e1829aaa9fd04ac9da68c39ee84fe5671e4d56a7f330795b45e339401fa3678" +
        "9bf82c8e0c386abd7a9ed5e2a27b40756a104bf532f34eb729493f233bc578d8";

    private static OfflineUnlockChallenge Challenge(string q, string terminal, string op) =>
        new(q, terminal, op, Issued, Issued.AddMinutes(15));

    private static string Next(string q) =>
        ((long.Parse(q, System.Globalization.CultureInfo.InvariantCulture) + 1) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}
