using Microsoft.Extensions.Options;
using PosAuth.OfflineUnlock;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Recovery;

/// <summary>
/// The actor of a reset, a temporary PIN or a factory reset proves the PIN, and then the account must still be
/// there, enabled, with the role it had: a supervisor disabled in the gap between the PIN check and the action
/// (another terminal, the back office) must not complete it.
/// </summary>
public sealed class RecoveryActorRecheckTests : IDisposable
{
    private const string T = RecoveryFixture.Terminal;
    private readonly RecoveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private PinRecoveryService PinsDisablingActorAfterPinCheck() => new(
        _f.Operators, new DisableAfterSuccess(_f.Auth.Authenticator, _f.Operators), _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, _f.Sinks, _f.Time,
        Options.Create(_f.RecoveryOptions), Options.Create(_f.PinPolicyOptions), Options.Create(new AuthenticationOptions()), _f.Permissions);

    [Fact]
    public async Task ResetPin_ByASupervisorDisabledRightAfterThePinCheck_ChangesNothing()
    {
        await _f.SeedStandardAsync();
        string before = (await _f.AccountAsync("01")).PinHash;

        RecoveryResult result = await PinsDisablingActorAfterPinCheck().ResetPinAsync(T, "00", RecoveryFixture.Pin00.AsMemory(), "01", "4739".AsMemory());

        Assert.False(result.Succeeded);
        Assert.Equal(before, (await _f.AccountAsync("01")).PinHash);
    }

    [Fact]
    public async Task TemporaryPin_ByASupervisorDisabledRightAfterThePinCheck_ChangesNothing()
    {
        await _f.SeedStandardAsync();
        string before = (await _f.AccountAsync("01")).PinHash;

        RecoveryResult<TemporaryPin> result = await PinsDisablingActorAfterPinCheck().IssueTemporaryPinAsync(T, "00", RecoveryFixture.Pin00.AsMemory(), "01");

        Assert.False(result.Succeeded);
        Assert.Equal(before, (await _f.AccountAsync("01")).PinHash);
    }

    [Fact]
    public async Task FactoryReset_ByAnAdministratorDisabledRightAfterThePinCheck_ChangesNothing()
    {
        await _f.SeedStandardAsync();
        var service = new FactoryResetService(
            _f.Operators, new DisableAfterSuccess(_f.Auth.Authenticator, _f.Operators), _f.Auth.Hasher, _f.Auth.Lockout, _f.Sessions, _f.AuditStore, _f.Sinks, _f.Time,
            Options.Create(_f.RecoveryOptions), _f.Permissions);

        RecoveryResult result = await service.FactoryResetAsync(T, FactoryResetActor.Administrator("99", RecoveryFixture.Pin99.AsMemory()));

        Assert.False(result.Succeeded);
        Assert.Equal(5, (await _f.Operators.ListAsync()).Count);
    }

    [Fact]
    public async Task ResetPin_WhenThePermissionTableDeniesManageOperators_IsInsufficientRole()
    {
        await _f.SeedStandardAsync();
        var options = new PermissionOptions();
        options.Grants[OperatorRole.Supervisor].Remove(Permission.ManageOperators);
        var pins = new PinRecoveryService(
            _f.Operators, _f.Auth.Authenticator, _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, _f.Sinks, _f.Time,
            Options.Create(_f.RecoveryOptions), Options.Create(_f.PinPolicyOptions), Options.Create(new AuthenticationOptions()), new PermissionPolicy(options));

        RecoveryResult result = await pins.ResetPinAsync(T, "00", RecoveryFixture.Pin00.AsMemory(), "01", "4739".AsMemory());

        Assert.Equal(RecoveryErrorKind.InsufficientRole, result.Error!.Kind);
    }

    [Fact]
    public async Task FactoryReset_WhenThePermissionTableDeniesFactoryReset_IsInsufficientRole()
    {
        await _f.SeedStandardAsync();
        var options = new PermissionOptions();
        options.Grants[OperatorRole.Administrator].Remove(Permission.FactoryReset);
        var service = new FactoryResetService(
            _f.Operators, _f.Auth.Authenticator, _f.Auth.Hasher, _f.Auth.Lockout, _f.Sessions, _f.AuditStore, _f.Sinks, _f.Time,
            Options.Create(_f.RecoveryOptions), new PermissionPolicy(options));

        RecoveryResult result = await service.FactoryResetAsync(T, FactoryResetActor.Administrator("99", RecoveryFixture.Pin99.AsMemory()));

        Assert.Equal(RecoveryErrorKind.InsufficientRole, result.Error!.Kind);
        Assert.Equal(5, (await _f.Operators.ListAsync()).Count);
    }

    [Fact]
    public async Task Administrator_OnAnOfflineUnlockOneTimePin_ManagesNothing_UntilItChangesThePin()
    {
        await _f.SeedStandardAsync();
        OfflineUnlockChallenge challenge = (await _f.Unlock.IssueChallengeAsync(T, "99")).Value!;
        using TemporaryPin oneTime = (await _f.Unlock.CompleteAsync(T, "99", _f.ResponseFor(challenge))).Value!;
        string pin = new(oneTime.AsSpan());
        var manager = new OperatorManager(_f.Operators, _f.Auth.Hasher, _f.PinPolicy, _f.Auth.Lockout, new PermissionPolicy(new PermissionOptions()), _f.Sinks, _f.Time);

        RecoveryResult reset = await _f.Pins.ResetPinAsync(T, "99", pin.AsMemory(), "00", "582047".AsMemory());
        RecoveryResult<TemporaryPin> temporary = await _f.Pins.IssueTemporaryPinAsync(T, "99", pin.AsMemory(), "01");
        RecoveryResult factory = await _f.FactoryReset.FactoryResetAsync(T, FactoryResetActor.Administrator("99", pin.AsMemory()));
        OperatorManagementResult<OperatorAccount> created = await manager.CreateAsync(
            OperatorActor.From(await _f.Auth.SignInAsync("99", pin)), T, "07", OperatorRole.Operator, "8306".AsMemory());

        Assert.Equal("pin_change_required", reset.Error!.Code);
        Assert.Equal("pin_change_required", temporary.Error!.Code);
        Assert.Equal("pin_change_required", factory.Error!.Code);
        Assert.Equal("pin_change_required", created.Error?.Code);
        Assert.Null(await _f.Operators.FindAsync("07"));
        Assert.Equal(5, (await _f.Operators.ListAsync()).Count);

        Assert.True((await _f.Pins.ChangePinAsync(T, "99", pin.AsMemory(), "46183927".AsMemory())).Succeeded);
        Assert.True((await _f.Pins.ResetPinAsync(T, "99", "46183927".AsMemory(), "00", "582047".AsMemory())).Succeeded);
    }

    /// <summary>The real authenticator, after which the account is disabled elsewhere before the caller acts.</summary>
    private sealed class DisableAfterSuccess(IOperatorAuthenticator inner, IOperatorStore store) : IOperatorAuthenticator
    {
        public async ValueTask<AuthenticationResult> AuthenticateAsync(string terminalId, string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default)
        {
            AuthenticationResult result = await inner.AuthenticateAsync(terminalId, operatorId, pin, cancellationToken);
            if (result.Succeeded && await store.FindAsync(operatorId, cancellationToken) is { } account)
            {
                Assert.True(await store.TryUpdateAsync(account with { IsDisabled = true }, account.Version, cancellationToken));
            }

            return result;
        }
    }
}
