using System.Globalization;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class RecoveryErrorTests
{
    [Fact]
    public void Codes_AreStableSnakeCase_AndUnique()
    {
        string[] expected =
        [
            "invalid_input", "authentication_failed", "pin_change_required", "insufficient_role", "unknown_operator",
            "pin_expired", "policy_rejected", "wrong_unlock_response", "unlock_response_replayed", "unlock_challenge_expired",
            "no_pending_unlock_challenge", "unlock_flow_locked", "offline_unlock_not_configured", "concurrent_update",
            "actor_not_allowed", "unlock_challenge_rate_limited",
        ];

        string[] actual = [.. Enum.GetValues<RecoveryErrorKind>().Select(RecoveryError.CodeOf)];

        Assert.Equal(expected, actual);
        Assert.All(Enum.GetValues<RecoveryErrorKind>(), k => Assert.Equal(RecoveryError.CodeOf(k), RecoveryError.Create(k).Code));
    }

    [Fact]
    public void EveryCode_HasAnEnglishAndAChineseDescription()
    {
        foreach (RecoveryErrorKind kind in Enum.GetValues<RecoveryErrorKind>())
        {
            RecoveryError error = RecoveryError.Create(kind);
            Assert.NotEqual("Recovery failed.", error.Description);
            Assert.Equal(error.Description, error.GetDescription(CultureInfo.GetCultureInfo("en-US")));
            Assert.NotEqual("操作失败", error.GetDescription(CultureInfo.GetCultureInfo("zh-CN")));
        }
    }

    [Fact]
    public async Task AuthenticationFailed_SaysHowManyAttemptsAreLeft_InChineseAndEnglish()
    {
        using var f = new RecoveryFixture();
        await f.SeedStandardAsync();

        RecoveryError error = (await f.Pins.ChangePinAsync(RecoveryFixture.Terminal, "01", "5555".AsMemory(), "4739".AsMemory())).Error!;

        Assert.Equal("操作员号或密码错误，还可尝试 2 次", error.GetDescription(CultureInfo.GetCultureInfo("zh-CN")));
        Assert.EndsWith("2 attempt(s) left.", error.GetDescription(CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyRejection_ToString_ListsTheReasonCodes()
    {
        RecoveryError error = RecoveryError.Policy([Hashing.PinRejectionReason.Sequence, Hashing.PinRejectionReason.CommonPin]);

        Assert.Equal("policy_rejected: The new PIN does not meet the PIN policy. (Sequence, CommonPin)", error.ToString());
        Assert.Equal("policy_rejected: The new PIN does not meet the PIN policy. (Sequence, CommonPin)", RecoveryResult.Failed(error).ToString());
        Assert.Equal("succeeded", RecoveryResult.Success.ToString());
    }
}
