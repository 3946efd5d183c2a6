using Microsoft.Extensions.Options;
using PosAuth.Authentication;
using PosAuth.Authorization;
using PosAuth.Operators;
using PosAuth.Recovery;
using PosAuth.Recovery.OfflineUnlock;
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
        _authorizer = new SupervisorAuthorizer(_f.Auth.Authenticator, new PermissionPolicy(options), _f.Sinks, _f.Auth.Metrics, _f.Time, Options.Create(options));
    }

    public void Dispose() => _f.Dispose();

    private ValueTask<AuthorizationResult> AuthorizeRefundAsync(string supervisorPin, string supervisorId = "00") =>
        _authorizer.AuthorizeAsync(T, OperatorRole.Operator, Permission.Refund, supervisorId, supervisorPin.AsMemory());

    private static void AssertRefusedForPinChange(AuthorizationResult result)
    {
        Assert.Null(result.Grant);
        Assert.NotEqual(AuthorizationOutcome.Granted, result.Outcome);
    }

    [Fact]
    public async Task Authorize_AfterFactoryReset_SupervisorOnThePublicFactoryPin_GrantsNothing()
    {
        Assert.True((await _f.FactoryReset.FactoryResetAsync(T, FactoryResetActor.System)).Succeeded);

        AuthorizationResult refund = await AuthorizeRefundAsync("123456");
        AuthorizationResult voidSale = await _authorizer.AuthorizeAsync(T, OperatorRole.Operator, Permission.Void, "00", "123456".AsMemory());

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

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, Permission.Refund));
    }

    [Fact]
    public async Task Grant_DiesWhenTheSupervisorsPinIsResetBeforeItIsUsed()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        Assert.True((await _f.Pins.ResetPinAsync(T, "99", RecoveryFixture.Pin99.AsMemory(), "00", "582047".AsMemory())).Succeeded);

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, Permission.Refund));
    }

    [Fact]
    public async Task Grant_LifetimeIsNotExtendedByTheWallClockSetBack()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;

        _f.Time.Advance(TimeSpan.FromMinutes(3));            // real time: the 2-minute grant is over
        _f.Time.JumpWallClock(TimeSpan.FromMinutes(-2));     // someone sets the clock back into its window

        Assert.False(await _authorizer.TryConsumeAsync(grant, T, Permission.Refund));
    }

    [Fact]
    public async Task Grant_StillWorksWithinItsLifetime_WhenTheWallClockJumpsForwardAndBack()
    {
        await _f.SeedStandardAsync();
        AuthorizationGrant grant = (await AuthorizeRefundAsync(RecoveryFixture.Pin00)).Grant!;
        _f.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await _authorizer.TryConsumeAsync(grant, T, Permission.Refund));
    }
}
