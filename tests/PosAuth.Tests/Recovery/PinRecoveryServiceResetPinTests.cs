using PosAuth.Hashing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class PinRecoveryServiceResetPinTests : IDisposable
{
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private ValueTask<RecoveryResult> ResetAsync(string actor, string actorPin, string target, string newPin) =>
        _f.Pins.ResetPinAsync(RecoveryFixture.Terminal, actor, actorPin.AsMemory(), target, newPin.AsMemory());

    private static string PinOf(string operatorId) => operatorId switch
    {
        "99" => RecoveryFixture.Pin99,
        "00" => RecoveryFixture.Pin00,
        "05" => RecoveryFixture.Pin05,
        "01" => RecoveryFixture.Pin01,
        _ => RecoveryFixture.Pin02,
    };

    [Fact]
    public async Task ResetPin_SupervisorResetsLockedOperator_SetsMustChange_ClearsLockout_AndAudits()
    {
        await _f.SeedStandardAsync();
        OperatorAccount before = await _f.AccountAsync("01");
        await _f.LockAsync("01");

        RecoveryResult result = await ResetAsync("00", RecoveryFixture.Pin00, "01", "4739");

        Assert.True(result.Succeeded, result.ToString());
        Assert.False((await _f.Auth.StatusAsync("01")).IsLocked);
        OperatorAccount after = await _f.AccountAsync("01");
        Assert.True(after.MustChangePin);
        Assert.Equal(PinChangeReason.ResetByHigherRole, after.MustChangePinReason);
        Assert.Equal(before.PinHash, after.PinHistory[0]);
        AuthenticationResult signIn = await _f.Auth.SignInAsync("01", "4739");
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, signIn.Outcome);
        Assert.Equal(PinChangeReason.ResetByHigherRole, signIn.MustChangePinReason);
        AuditEvent reset = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.PinReset);
        Assert.Equal(("01", "00", "reset"), (reset.OperatorId, reset.ActorId, reset.Code));
    }

    [Theory]
    [InlineData("99", "00", "582947")]
    [InlineData("99", "01", "4739")]
    [InlineData("00", "02", "4739")]
    public async Task ResetPin_HigherRole_MayResetLowerRole(string actor, string target, string newPin)
    {
        await _f.SeedStandardAsync();

        RecoveryResult result = await ResetAsync(actor, PinOf(actor), target, newPin);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await _f.Auth.SignInAsync(target, newPin)).Outcome);
    }

    [Theory]
    [InlineData("01", "00")] // an operator cannot reset a supervisor
    [InlineData("01", "02")] // nor another operator
    [InlineData("01", "99")]
    [InlineData("00", "99")] // a supervisor cannot reset the administrator
    [InlineData("00", "05")] // nor another supervisor
    [InlineData("00", "00")] // nobody resets their own role, themselves included
    [InlineData("99", "99")] // the administrator changes its own PIN through the change flow
    public async Task ResetPin_ActorNotStrictlyHigher_ReturnsInsufficientRole_AndAuditsDenial(string actor, string target)
    {
        await _f.SeedStandardAsync();
        OperatorAccount before = await _f.AccountAsync(target);

        RecoveryResult result = await ResetAsync(actor, PinOf(actor), target, "46183927");

        Assert.Equal(RecoveryErrorKind.InsufficientRole, result.Error!.Kind);
        Assert.Equal("insufficient_role", result.Error.Code);
        Assert.Equal(before, await _f.AccountAsync(target));
        AuditEvent denied = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.ManagementDenied);
        Assert.Equal((target, actor, "insufficient_role", "reset_pin"), (denied.OperatorId, denied.ActorId, denied.Code, denied.Detail));
    }

    [Fact]
    public async Task ResetPin_WrongActorPin_ReturnsAuthenticationFailed_WithRemainingAttempts_AndCountsTowardLockout()
    {
        await _f.SeedStandardAsync();

        RecoveryResult first = await ResetAsync("00", "582940", "01", "4739");
        RecoveryResult second = await ResetAsync("00", "582941", "01", "4739");

        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, first.Error!.Kind);
        Assert.Equal(AuthenticationOutcome.WrongPin, first.Error.AuthenticationOutcome);
        Assert.Equal(2, first.Error.RemainingAttempts);
        Assert.Equal(1, second.Error!.RemainingAttempts);
        Assert.Equal(2, (await _f.Auth.StatusAsync("00")).FailureCount);
    }

    [Fact]
    public async Task ResetPin_UnknownActor_LooksLikeAWrongPin()
    {
        await _f.SeedStandardAsync();

        RecoveryResult unknown = await ResetAsync("08", "582940", "01", "4739");
        RecoveryResult wrong = await ResetAsync("00", "582940", "01", "4739");

        Assert.Equal(wrong.Error!.ToString(), unknown.Error!.ToString());
        Assert.Equal(wrong.Error.RemainingAttempts, unknown.Error.RemainingAttempts);
    }

    [Fact]
    public async Task ResetPin_ActorWithFactoryDefaultPin_ReturnsPinChangeRequired()
    {
        await _f.Auth.SeedAsync("00", "123456");
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult result = await ResetAsync("00", "123456", "01", "4739");

        Assert.Equal(RecoveryErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(PinVerificationResult.Success, _f.Auth.Hasher.Verify((await _f.AccountAsync("01")).PinHash, RecoveryFixture.Pin01));
    }

    [Fact]
    public async Task ResetPin_UnknownTarget_ReturnsUnknownOperator()
    {
        await _f.SeedStandardAsync();

        RecoveryResult result = await ResetAsync("00", RecoveryFixture.Pin00, "07", "4739");

        Assert.Equal(RecoveryErrorKind.UnknownOperator, result.Error!.Kind);
        Assert.Equal("unknown_operator", result.Error.Code);
    }

    [Fact]
    public async Task ResetPin_NewPin_UsesTheTargetRolesLengthRules()
    {
        await _f.SeedStandardAsync();

        RecoveryResult tooShortForSupervisor = await ResetAsync("99", RecoveryFixture.Pin99, "00", "4739");

        Assert.Equal(RecoveryErrorKind.PolicyRejected, tooShortForSupervisor.Error!.Kind);
        Assert.Contains(PinRejectionReason.TooShort, tooShortForSupervisor.Error.PolicyReasons);
    }

    [Fact]
    public async Task ResetPin_ToTheTargetsCurrentPin_IsRejectedAsReuse()
    {
        await _f.SeedStandardAsync();

        RecoveryResult result = await ResetAsync("00", RecoveryFixture.Pin00, "01", RecoveryFixture.Pin01);

        Assert.Equal([PinRejectionReason.ReusedPreviousPin], result.Error!.PolicyReasons);
    }

    [Fact]
    public async Task ResetPin_MalformedTarget_ReturnsInvalidInput_WithoutCharging()
    {
        await _f.SeedStandardAsync();

        RecoveryResult result = await ResetAsync("00", RecoveryFixture.Pin00, "0:1", "4739");

        Assert.Equal(RecoveryErrorKind.InvalidInput, result.Error!.Kind);
        Assert.Equal(0, (await _f.Auth.StatusAsync("00")).FailureCount);
    }
}
