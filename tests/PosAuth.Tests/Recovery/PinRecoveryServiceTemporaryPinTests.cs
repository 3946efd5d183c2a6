using PosAuth.Hashing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class PinRecoveryServiceTemporaryPinTests : IDisposable
{
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private ValueTask<RecoveryResult<TemporaryPin>> IssueAsync(string actor, string actorPin, string target) =>
        _f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, actor, actorPin.AsMemory(), target);

    [Fact]
    public async Task IssueTemporaryPin_ReturnsRandomDigits_StoresOnlyTheHash_ForcesChange_AndExpires()
    {
        await _f.SeedStandardAsync();
        OperatorAccount before = await _f.AccountAsync("01");

        RecoveryResult<TemporaryPin> result = await IssueAsync("00", RecoveryFixture.Pin00, "01");

        Assert.True(result.Succeeded, result.ToString());
        using TemporaryPin pin = result.Value;
        Assert.Equal(4, pin.Length);
        Assert.True(pin.AsSpan().ToArray().All(char.IsAsciiDigit));
        Assert.Equal("01", pin.OperatorId);
        DateTimeOffset expires = _f.Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        Assert.Equal(expires, pin.ExpiresAt);
        OperatorAccount after = await _f.AccountAsync("01");
        Assert.Equal(PinVerificationResult.Success, _f.Auth.Hasher.Verify(after.PinHash, pin.AsSpan()));
        Assert.DoesNotContain(new string(pin.AsSpan()), after.PinHash, StringComparison.Ordinal);
        Assert.True(after.MustChangePin);
        Assert.Equal(PinChangeReason.TemporaryPin, after.MustChangePinReason);
        Assert.Equal(expires, after.PinExpiresAt);
        Assert.Equal(before.PinHash, after.PinHistory[0]);
        AuditEvent issued = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.TemporaryPinIssued);
        Assert.Equal(("01", "00", "issued"), (issued.OperatorId, issued.ActorId, issued.Code));
    }

    [Fact]
    public async Task IssueTemporaryPin_LengthFollowsTheTargetRolesMinimum()
    {
        await _f.SeedStandardAsync();

        using TemporaryPin forSupervisor = (await IssueAsync("99", RecoveryFixture.Pin99, "00")).Value!;
        using var f = new RecoveryFixture(pinPolicy: o => o.Operator = new PinLengthRule(5, 6));
        await f.SeedStandardAsync();
        using TemporaryPin forOperator = (await f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01")).Value!;

        Assert.Equal(6, forSupervisor.Length);
        Assert.Equal(5, forOperator.Length);
    }

    [Fact]
    public async Task IssueTemporaryPin_NeverIssuesAPinThePolicyCallsWeak()
    {
        await _f.SeedStandardAsync();

        for (int i = 0; i < 40; i++)
        {
            using TemporaryPin pin = (await IssueAsync("00", RecoveryFixture.Pin00, "01")).Value!;
            PinPolicyResult verdict = _f.PinPolicy.Evaluate(pin.AsSpan(), new PinPolicyContext { Role = OperatorRole.Operator, OperatorId = "01", TerminalId = RecoveryFixture.Terminal });
            Assert.True(verdict.IsAccepted, verdict.ToString());
            Assert.NotEqual("0000", new string(pin.AsSpan()));
        }
    }

    [Fact]
    public async Task TemporaryPin_SignIn_ForcesChange_AndIsSingleUse()
    {
        await _f.SeedStandardAsync();
        using TemporaryPin pin = (await IssueAsync("00", RecoveryFixture.Pin00, "01")).Value!;
        string temp = new(pin.AsSpan());

        AuthenticationResult first = await _f.Auth.SignInAsync("01", temp);
        _f.Time.Advance(TimeSpan.FromMinutes(6));
        AuthenticationResult later = await _f.Auth.SignInAsync("01", temp);

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, first.Outcome);
        Assert.Equal(PinChangeReason.TemporaryPin, first.MustChangePinReason);
        Assert.Equal(AuthenticationOutcome.PinExpired, later.Outcome);
    }

    [Fact]
    public async Task TemporaryPin_Unused_ExpiresAfterItsLifetime()
    {
        using var f = new RecoveryFixture(recovery: o => o.TemporaryPinLifetime = TimeSpan.FromMinutes(15));
        await f.SeedStandardAsync();
        using TemporaryPin pin = (await f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01")).Value!;

        f.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(AuthenticationOutcome.PinExpired, (await f.Auth.SignInAsync("01", new string(pin.AsSpan()))).Outcome);
    }

    [Fact]
    public async Task IssueTemporaryPin_ClearsTheTargetsLockout()
    {
        await _f.SeedStandardAsync();
        await _f.LockAsync("01");

        using TemporaryPin pin = (await IssueAsync("00", RecoveryFixture.Pin00, "01")).Value!;

        Assert.False((await _f.Auth.StatusAsync("01")).IsLocked);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await _f.Auth.SignInAsync("01", new string(pin.AsSpan()))).Outcome);
    }

    [Theory]
    [InlineData("01", RecoveryFixture.Pin01, "02")]
    [InlineData("00", RecoveryFixture.Pin00, "99")]
    [InlineData("00", RecoveryFixture.Pin00, "05")]
    public async Task IssueTemporaryPin_ActorNotStrictlyHigher_ReturnsInsufficientRole(string actor, string actorPin, string target)
    {
        await _f.SeedStandardAsync();

        RecoveryResult<TemporaryPin> result = await IssueAsync(actor, actorPin, target);

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(RecoveryErrorKind.InsufficientRole, result.Error.Kind);
        Assert.Contains(_f.AuditEvents, e => e.Type == AuditEventType.ManagementDenied && e.Detail == "issue_temporary_pin");
    }

    [Fact]
    public async Task IssueTemporaryPin_WrongActorPin_ReturnsAuthenticationFailed()
    {
        await _f.SeedStandardAsync();

        RecoveryResult<TemporaryPin> result = await IssueAsync("00", "582940", "01");

        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, result.Error!.Kind);
        Assert.Equal(2, result.Error.RemainingAttempts);
    }

    [Fact]
    public async Task IssueTemporaryPin_UnknownTarget_ReturnsUnknownOperator()
    {
        await _f.SeedStandardAsync();

        RecoveryResult<TemporaryPin> result = await IssueAsync("00", RecoveryFixture.Pin00, "09");

        Assert.Equal(RecoveryErrorKind.UnknownOperator, result.Error!.Kind);
    }

    [Fact]
    public async Task TemporaryPin_ToString_HidesTheDigits_AndDisposeWipesThem()
    {
        await _f.SeedStandardAsync();
        RecoveryResult<TemporaryPin> result = await IssueAsync("00", RecoveryFixture.Pin00, "01");
        TemporaryPin pin = result.Value!;
        string digits = new(pin.AsSpan());

        Assert.DoesNotContain(digits, pin.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(digits, result.ToString(), StringComparison.Ordinal);
        Assert.Contains("hidden", pin.ToString(), StringComparison.Ordinal);
        pin.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pin.AsSpan().Length);
    }
}
