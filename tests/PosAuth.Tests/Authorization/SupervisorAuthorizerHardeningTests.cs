using Microsoft.Extensions.Options;
using PosAuth.OfflineUnlock;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Authorization;

/// <summary>
/// What an attacker tries against 主管授权: the public factory PIN after a factory reset, one-time PINs that were
/// meant for a PIN change only, a grant kept after the supervisor was disabled or reset, and a wall clock set back.
/// </summary>
public sealed class SupervisorAuthorizerHardeningTests : IDisposable
{
    private const string T = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();
    private readonly SupervisorAuthorizer _authorizer;

    public SupervisorAuthorizerHardeningTests()
    {
        var options = new PermissionOptions();
        _authorizer = new SupervisorAuthorizer(_f.Operators, _f.Auth.Authenticator, new PermissionPolicy(options), _f.Sinks, _f.Auth.Metrics, _f.Time, Options.Create(options));
    }

    public void Dispose() => _f.Dispose();

    private ValueTask<AuthorizationResult> AuthorizeRefundAsync(string supervisorPin, string supervisorId = "00", string requester = "01") =>
        _authorizer.AuthorizeAsync(T, requester, Permission.Refund, supervisorId, supervisorPin.AsMemory());

    /// <summary>Refused because the authoriser's PIN must change: typed, with the authoriser's sign-in result.</summary>
    private static void AssertRefusedForPinChange(AuthorizationResult result)
    {
        Assert.Null(result.Grant);
        Assert.Equal(AuthorizationOutcome.PinChangeRequired, result.Outcome);
        Assert.Equal("pin_change_required", result.Code);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, result.Authentication!.Value.Outcome);
    }

    [Fact]
    public async Task Authorize_AfterFactoryReset_SupervisorOnThePublicFactoryPin_GrantsNothing()
    {
        Assert.True((await _f.FactoryReset.FactoryResetAsync(T, FactoryResetActor.System)).Succeeded);
        Assert.True((await _f.Pins.ChangePinAsync(T, "01", "0000".AsMemory(), "4739".AsMemory())).Succeeded); // the cashier did change theirs

        AuthorizationResult refund = await AuthorizeRefundAsync("123456");
        AuthorizationResult voidSale = await _authorizer.AuthorizeAsync(T, "01", Permission.Void, "00", "123456".AsMemory());

        AssertRefusedForPinChange(refund);
        AssertRefusedForPinChange(voidSale);
    }

    [Fact]
    public async Task Authorize_WithATemporaryPin_GrantsNothing()
    {
        await _f.SeedStandardAsync();
        RecoveryResult<TemporaryPin> issued = await _f.Pins.IssueTemporaryPinAsync(T, "99", RecoveryFixture.Pin99.AsMemory(), "00");
        using TemporaryPin temporary = issued.Value!;

        AuthorizationResult result = await AuthorizeRefundAsync(new string(temporary.AsSpan()));

        AssertRefusedForPinChange(result);
    }

    [Fact]
    public async Task Authorize_WithAPinJustResetByTheAdministrator_GrantsNothing()
    {
        await _f.SeedStandardAsync();
        Assert.True((await _f.Pins.ResetPinAsync(T, "99", RecoveryFixture.Pin99.AsMemory(), "00", "582047".AsMemory())).Succeeded);

        AuthorizationResult result = await AuthorizeRefundAsync("582047");

        AssertRefusedForPinChange(result);
    }

    [Fact]
    public async Task Authorize_WithAnOfflineUnlockOneTimePin_GrantsNothing()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await _f.Unlock.IssueChallengeAsync(T, "00")).Value!;
        using TemporaryPin oneTime = (await _f.Unlock.CompleteAsync(T, "00", _f.ResponseFor(challenge))).Value!;

        AuthorizationResult result = await AuthorizeRefundAsync(new string(oneTime.AsSpan()));

        AssertRefusedForPinChange(result);
    }

    [Fact]
    public async Task Grant_DiesWhenTheSupervisorIsDisabledBeforeItIsUsed()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        OperatorAccount supervisor = await _f.AccountAsync("00");
        Assert.True(await _f.Operators.TryUpdateAsync(supervisor with { IsDisabled = true }, supervisor.Version));

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
        Assert.Contains(_f.AuditEvents, e => e.Type == PosAuth.AuditEventType.AuthorizationDenied && e.Code == "authorizer_disabled");

        // Re-enabled, the grant stays dead.
        OperatorAccount disabled = await _f.AccountAsync("00");
        Assert.True(await _f.Operators.TryUpdateAsync(disabled with { IsDisabled = false }, disabled.Version));
        Assert.False(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
        Assert.True(grant.IsRevoked);
    }

    [Fact]
    public async Task Grant_DiesWhenTheSupervisorsPinIsResetBeforeItIsUsed()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        Assert.True((await _f.Pins.ResetPinAsync(T, "99", RecoveryFixture.Pin99.AsMemory(), "00", "582047".AsMemory())).Succeeded);

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
        Assert.Contains(_f.AuditEvents, e => e.Type == PosAuth.AuditEventType.AuthorizationDenied && e.Code == "authorizer_credential_changed");
    }

    [Fact]
    public async Task Grant_DiesWhenTheSupervisorGetsATemporaryPinBeforeItIsUsed()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        (await _f.Pins.IssueTemporaryPinAsync(T, "99", RecoveryFixture.Pin99.AsMemory(), "00")).Value!.Dispose();

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
    }

    [Fact]
    public async Task Grant_IsBoundToTheRequestingOperator()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00, requester: "01")).Grant!;

        bool byAnotherCashier = await _authorizer.TryConsumeAsync(grant, T, "02", Permission.Refund);
        bool onAnotherTerminal = await _authorizer.TryConsumeAsync(grant, "T0002", "01", Permission.Refund);
        bool byTheRequester = await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund);

        Assert.False(byAnotherCashier);
        Assert.False(onAnotherTerminal);
        Assert.True(byTheRequester);
        Assert.Contains(_f.AuditEvents, e => e.Type == PosAuth.AuditEventType.AuthorizationDenied && e.Code == "wrong_requester");
    }

    [Fact]
    public async Task Authorize_ForARequesterWhoMustChangeThePin_IsRefused_WithoutCheckingTheSupervisorsPin()
    {
        await _f.SeedStandardAsync();
        await _f.Auth.SeedAsync("03", "0000", adjust: a => a with { MustChangePin = true, MustChangePinReason = PinChangeReason.FactoryDefault });
        int kdfBefore = _f.Auth.Hasher.KdfCalls;

        AuthorizationResult result = await AuthorizeRefundAsync(RecoveryFixture.Pin00, requester: "03");

        Assert.Equal(AuthorizationOutcome.PinChangeRequired, result.Outcome);
        Assert.Null(result.Authentication);
        Assert.Equal(kdfBefore, _f.Auth.Hasher.KdfCalls);
    }

    [Theory]
    [InlineData("42")]        // no such operator
    [InlineData("02")]        // disabled below
    public async Task Authorize_ForAnUnknownOrDisabledRequester_IsRequesterNotAllowed(string requester)
    {
        await _f.SeedStandardAsync();
        OperatorAccount o2 = await _f.AccountAsync("02");
        Assert.True(await _f.Operators.TryUpdateAsync(o2 with { IsDisabled = true }, o2.Version));

        AuthorizationResult result = await AuthorizeRefundAsync(RecoveryFixture.Pin00, requester: requester);

        Assert.Equal(AuthorizationOutcome.RequesterNotAllowed, result.Outcome);
        Assert.Equal("requester_not_allowed", result.Code);
        Assert.DoesNotContain(_f.AuditEvents, e => e.OperatorId == "42" || e.ActorId == "42");
    }

    [Fact]
    public async Task Authorize_RequesterRole_ComesFromTheStore()
    {
        // 05 is a supervisor account: a refund needs no authorisation for it, whatever a caller might claim.
        await _f.SeedStandardAsync();

        AuthorizationResult result = await AuthorizeRefundAsync(RecoveryFixture.Pin00, requester: "05");

        Assert.Equal(AuthorizationOutcome.NotRequired, result.Outcome);
    }

    [Fact]
    public async Task Grant_LifetimeIsNotExtendedByTheWallClockSetBack()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;

        _f.Time.Advance(TimeSpan.FromMinutes(3));            // real time: the 2-minute grant is over
        _f.Time.JumpWallClock(TimeSpan.FromMinutes(-2));     // someone sets the clock back into its window

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
    }

    [Fact]
    public async Task Grant_StillWorksWithinItsLifetime_WhenTheWallClockJumpsForwardAndBack()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        _f.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await _authorizer.TryConsumeAsync(grant, T, "01", Permission.Refund));
    }
}
