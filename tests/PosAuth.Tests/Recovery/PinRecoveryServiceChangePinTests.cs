using PosAuth.Hashing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

public sealed class PinRecoveryServiceChangePinTests : IDisposable
{
    private const string NewPin = "4739";
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private ValueTask<RecoveryResult> ChangeAsync(string operatorId, string current, string next, string terminal = RecoveryFixture.Terminal) =>
        _f.Pins.ChangePinAsync(terminal, operatorId, current.AsMemory(), next.AsMemory());

    [Fact]
    public async Task ChangePin_WithRightCurrentPin_StoresNewHash_KeepsOldInHistory_ClearsFlags_AndAudits()
    {
        OperatorAccount before = await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01, adjust: a => a with
        {
            MustChangePin = true,
            MustChangePinReason = PinChangeReason.ResetByHigherRole,
            PinExpiresAt = _f.Time.GetUtcNow().AddDays(1),
        });
        _f.Time.Advance(TimeSpan.FromMinutes(1));

        RecoveryResult result = await ChangeAsync("01", RecoveryFixture.Pin01, NewPin);

        Assert.True(result.Succeeded, result.ToString());
        OperatorAccount after = await _f.AccountAsync("01");
        Assert.False(after.MustChangePin);
        Assert.Equal(PinChangeReason.None, after.MustChangePinReason);
        Assert.Null(after.PinExpiresAt);
        Assert.Equal(_f.Time.GetUtcNow(), after.PinChangedAt);
        Assert.Equal(before.PinHash, after.PinHistory[0]);
        Assert.Equal(PinVerificationResult.Success, _f.Auth.Hasher.Verify(after.PinHash, NewPin));
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", NewPin)).Outcome);
        Assert.Equal(AuthenticationOutcome.WrongPin, (await _f.Auth.SignInAsync("01", RecoveryFixture.Pin01)).Outcome);
        AuditEvent changed = Assert.Single(_f.AuditEvents, e => e.Type == AuditEventType.PinChanged);
        Assert.Equal(("01", "changed", "ResetByHigherRole"), (changed.OperatorId, changed.Code, changed.Detail));
    }

    [Fact]
    public async Task ChangePin_WrongCurrentPin_AndUnknownOperator_LookTheSame()
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult wrong = await ChangeAsync("01", "5555", NewPin);
        RecoveryResult unknown = await ChangeAsync("07", "5555", NewPin);

        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, wrong.Error!.Kind);
        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, unknown.Error!.Kind);
        Assert.Equal(wrong.Error.ToString(), unknown.Error.ToString());
        Assert.Equal(AuthenticationOutcome.WrongPin, wrong.Error.AuthenticationOutcome);
        Assert.Equal(AuthenticationOutcome.WrongPin, unknown.Error.AuthenticationOutcome);
        Assert.Equal(2, wrong.Error.RemainingAttempts);
        Assert.Equal(wrong.Error.RemainingAttempts, unknown.Error.RemainingAttempts);
        Assert.Equal("authentication_failed", unknown.Error.Code);
    }

    [Fact]
    public async Task ChangePin_WrongCurrentPins_CountTowardLockout_ThenLockedOut()
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult first = await ChangeAsync("01", "5551", NewPin);
        RecoveryResult second = await ChangeAsync("01", "5552", NewPin);
        RecoveryResult third = await ChangeAsync("01", "5553", NewPin);
        RecoveryResult right = await ChangeAsync("01", RecoveryFixture.Pin01, NewPin);

        Assert.Equal([2, 1, 0], new[] { first, second, third }.Select(r => r.Error!.RemainingAttempts!.Value));
        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, right.Error!.Kind);
        Assert.Equal(AuthenticationOutcome.LockedOut, right.Error.AuthenticationOutcome);
        Assert.NotNull(right.Error.LockedUntil);
        Assert.Equal(PinVerificationResult.Success, _f.Auth.Hasher.Verify((await _f.AccountAsync("01")).PinHash, RecoveryFixture.Pin01));
    }

    [Fact]
    public async Task ChangePin_FromFactoryDefaultPin_IsAccepted()
    {
        await _f.Auth.SeedAsync("01", "0000");

        RecoveryResult result = await ChangeAsync("01", "0000", NewPin);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", NewPin)).Outcome);
    }

    [Fact]
    public async Task ChangePin_WithTemporaryPin_WithinChangeWindowAfterFirstUse_IsAccepted()
    {
        await _f.SeedStandardAsync();
        using TemporaryPin temporary = (await _f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01")).Value!;
        string temp = new(temporary.AsSpan());
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await _f.Auth.SignInAsync("01", temp)).Outcome);
        _f.Time.Advance(TimeSpan.FromMinutes(4));

        RecoveryResult result = await ChangeAsync("01", temp, NewPin);

        Assert.True(result.Succeeded, result.ToString());
        Assert.False((await _f.AccountAsync("01")).MustChangePin);
    }

    [Fact]
    public async Task ChangePin_WithUsedTemporaryPin_AfterChangeWindow_ReturnsPinExpired()
    {
        await _f.SeedStandardAsync();
        using TemporaryPin temporary = (await _f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01")).Value!;
        string temp = new(temporary.AsSpan());
        await _f.Auth.SignInAsync("01", temp);
        _f.Time.Advance(TimeSpan.FromMinutes(5));

        RecoveryResult result = await ChangeAsync("01", temp, NewPin);

        Assert.Equal(RecoveryErrorKind.PinExpired, result.Error!.Kind);
        Assert.Equal("pin_expired", result.Error.Code);
    }

    [Fact]
    public async Task ChangePin_WithUnusedTemporaryPin_PastItsLifetime_ReturnsPinExpired()
    {
        await _f.SeedStandardAsync();
        using TemporaryPin temporary = (await _f.Pins.IssueTemporaryPinAsync(RecoveryFixture.Terminal, "00", RecoveryFixture.Pin00.AsMemory(), "01")).Value!;
        _f.Time.Advance(_f.RecoveryOptions.TemporaryPinLifetime);

        RecoveryResult result = await ChangeAsync("01", new string(temporary.AsSpan()), NewPin);

        Assert.Equal(RecoveryErrorKind.PinExpired, result.Error!.Kind);
    }

    [Theory]
    [InlineData("1234", PinRejectionReason.Sequence)]
    [InlineData("1111", PinRejectionReason.AllSameDigit)]
    [InlineData("47", PinRejectionReason.TooShort)]
    [InlineData("4739185", PinRejectionReason.TooLong)]
    [InlineData("47a9", PinRejectionReason.NonDigit)]
    [InlineData("8253", PinRejectionReason.ReusedPreviousPin)]
    public async Task ChangePin_NewPinRejectedByPolicy_ReturnsReasons_AndChangesNothing(string next, PinRejectionReason expected)
    {
        OperatorAccount before = await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult result = await ChangeAsync("01", RecoveryFixture.Pin01, next);

        Assert.Equal(RecoveryErrorKind.PolicyRejected, result.Error!.Kind);
        Assert.Contains(expected, result.Error.PolicyReasons);
        Assert.Equal(before.PinHash, (await _f.AccountAsync("01")).PinHash);
        Assert.DoesNotContain(_f.AuditEvents, e => e.Type == AuditEventType.PinChanged);
    }

    [Fact]
    public async Task ChangePin_BackToARecentPin_IsRejectedAsReuse()
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);
        Assert.True((await ChangeAsync("01", RecoveryFixture.Pin01, NewPin)).Succeeded);
        Assert.True((await ChangeAsync("01", NewPin, "5836")).Succeeded);

        RecoveryResult result = await ChangeAsync("01", "5836", RecoveryFixture.Pin01);

        Assert.Equal([PinRejectionReason.ReusedPreviousPin], result.Error!.PolicyReasons);
    }

    [Fact]
    public async Task ChangePin_History_IsTrimmedToPolicyDepth()
    {
        using var f = new RecoveryFixture(pinPolicy: o => o.HistoryDepth = 2);
        await f.Auth.SeedAsync("01", RecoveryFixture.Pin01);
        string[] pins = [RecoveryFixture.Pin01, NewPin, "5836", "6193"];
        for (int i = 1; i < pins.Length; i++)
        {
            Assert.True((await f.Pins.ChangePinAsync(RecoveryFixture.Terminal, "01", pins[i - 1].AsMemory(), pins[i].AsMemory())).Succeeded);
        }

        OperatorAccount account = (await f.Operators.FindAsync("01"))!;

        Assert.Equal(2, account.PinHistory.Count);
        Assert.Equal(PinVerificationResult.Success, f.Auth.Hasher.Verify(account.PinHistory[0], "5836"));
        Assert.Equal(PinVerificationResult.Success, f.Auth.Hasher.Verify(account.PinHistory[1], NewPin));
    }

    [Fact]
    public async Task ChangePin_ToAConfiguredFactoryPin_IsRejected()
    {
        using var f = new RecoveryFixture(recovery: o => o.FactoryOperatorPin = "5836");
        await f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult result = await f.Pins.ChangePinAsync(RecoveryFixture.Terminal, "01", RecoveryFixture.Pin01.AsMemory(), "5836".AsMemory());

        Assert.Equal([PinRejectionReason.EqualsFactoryDefault], result.Error!.PolicyReasons);
    }

    [Fact]
    public async Task ChangePin_AdministratorChangesOwnPin()
    {
        await _f.SeedStandardAsync();

        RecoveryResult result = await ChangeAsync("99", RecoveryFixture.Pin99, "46183927");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("99", "46183927")).Outcome);
    }

    [Theory]
    [InlineData("", "01", "8253")]
    [InlineData("T 1", "01", "8253")]
    [InlineData(RecoveryFixture.Terminal, "0-1", "8253")]
    [InlineData(RecoveryFixture.Terminal, "01", "82a3")]
    [InlineData(RecoveryFixture.Terminal, "01", "")]
    public async Task ChangePin_MalformedInput_ReturnsInvalidInput_WithoutCharging(string terminal, string operatorId, string current)
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult result = await _f.Pins.ChangePinAsync(terminal, operatorId, current.AsMemory(), NewPin.AsMemory());

        Assert.Equal(RecoveryErrorKind.InvalidInput, result.Error!.Kind);
        Assert.Equal(0, (await _f.Auth.StatusAsync("01")).FailureCount);
    }

    [Fact]
    public async Task ChangePin_DisabledAccount_ReturnsAuthenticationFailed_Disabled()
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01, adjust: a => a with { IsDisabled = true });

        RecoveryResult result = await ChangeAsync("01", RecoveryFixture.Pin01, NewPin);

        Assert.Equal(RecoveryErrorKind.AuthenticationFailed, result.Error!.Kind);
        Assert.Equal(AuthenticationOutcome.Disabled, result.Error.AuthenticationOutcome);
    }

    [Fact]
    public async Task ChangePin_FullWidthNewPin_IsNormalised()
    {
        await _f.Auth.SeedAsync("01", RecoveryFixture.Pin01);

        RecoveryResult result = await ChangeAsync("01", RecoveryFixture.Pin01, "４７３９");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(AuthenticationOutcome.Succeeded, (await _f.Auth.SignInAsync("01", NewPin)).Outcome);
    }
}
