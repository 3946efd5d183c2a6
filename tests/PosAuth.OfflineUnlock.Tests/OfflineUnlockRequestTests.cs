using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class OfflineUnlockRequestTests
{
    // PosAuth's one identifier rule: 1 to 16 ASCII letters or digits.
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    [Property]
    public Property QrPayload_RoundTripsForAnyValidRequest()
    {
        Gen<string> id =
            from length in Gen.Choose(1, OfflineUnlockIdentifiers.MaxIdLength)
            from chars in Gen.ArrayOf(Gen.Elements(IdAlphabet.ToCharArray()), length)
            select new string(chars);
        Gen<string> challenge =
            from length in Gen.Choose(6, 12)
            from chars in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
            select new string(chars);

        return Prop.ForAll(
                id.ToArbitrary(),
                id.ToArbitrary(),
                challenge.ToArbitrary(),
                (terminal, op, q) =>
                {
                    var request = new OfflineUnlockRequest(terminal, op, q);
                    return OfflineUnlockRequest.TryParseQrPayload(request.ToQrPayload(), out OfflineUnlockRequest? parsed)
                        && parsed.TerminalId == terminal && parsed.TargetOperatorId == op && parsed.Challenge == q;
                });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:12345678:extra")]
    [InlineData("POSAUTH-UNLOCK:2:T1:01:12345678")]
    [InlineData("posauth-unlock:1:T1:01:12345678")]
    [InlineData(" POSAUTH-UNLOCK:1:T1:01:12345678")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:12345678 ")]
    [InlineData("POSAUTH-UNLOCK:1::01:12345678")]
    [InlineData("POSAUTH-UNLOCK:1:T1::12345678")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:12345")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:1234567X")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:１２３４５６７８")]
    [InlineData("POSAUTH-UNLOCK:1:T 1:01:12345678")]
    [InlineData("POSAUTH-UNLOCK:1:T1:01:12345678\n")]
    [InlineData("POSAUTH-UNLOCK:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:01:12345678")] // 33-char terminal id
    public void TryParseQrPayload_Garbage_ReturnsFalse(string? payload)
    {
        Assert.False(OfflineUnlockRequest.TryParseQrPayload(payload, out OfflineUnlockRequest? request));
        Assert.Null(request);
    }

    [Property]
    public bool TryParseQrPayload_ArbitraryStrings_NeverThrows(string s) =>
        !OfflineUnlockRequest.TryParseQrPayload(s, out _)
        || OfflineUnlockRequest.TryParseQrPayload(s, out OfflineUnlockRequest? r) && r.ToQrPayload() == s;

    [Property]
    public bool TryParseQrPayload_ArbitraryStringsAfterThePrefix_NeverThrow(string s) =>
        !OfflineUnlockRequest.TryParseQrPayload(OfflineUnlockRequest.QrPayloadPrefix + s, out OfflineUnlockRequest? r)
        || r.ToQrPayload() == OfflineUnlockRequest.QrPayloadPrefix + s;

    [Fact]
    public void TryParseQrPayload_VeryLongPayload_ReturnsFalse()
    {
        Assert.False(OfflineUnlockRequest.TryParseQrPayload("POSAUTH-UNLOCK:1:" + new string('A', 100_000) + ":01:12345678", out _));
    }
}
