using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Audit;
using PosAuth.Authorization;
using PosAuth.Recovery;
using PosAuth.Sessions;
using PosAuth.Tests.Shared;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Integration;

// Written against the API before the fix, to see each attack succeed on the old code.
public sealed class PreFixAdversarialTests
{
    private static async Task<ServiceProvider> FactoryAsync(Action<PosAuthOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(o => { o.Hashing.Iterations = 1_000; o.Hashing.MinimumIterations = 1_000; configure?.Invoke(o); });
        ServiceProvider sp = services.BuildServiceProvider();
        Assert.True((await sp.GetRequiredService<IFactoryResetService>().FactoryResetAsync("T0001", FactoryResetActor.System)).Succeeded);
        return sp;
    }

    [Fact]
    public async Task PreFix_FactoryAdministratorPin_CannotEnterMaintenance()
    {
        await using ServiceProvider sp = await FactoryAsync();
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        try { await s.EnterMaintenanceAsync("99", "12345678".AsMemory()); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Maintenance, s.Current!.State);
    }

    [Fact]
    public async Task PreFix_FactorySupervisorPin_CannotUnlockAScreen()
    {
        await using ServiceProvider sp = await FactoryAsync();
        Assert.True((await sp.GetRequiredService<IPinRecoveryService>().ChangePinAsync("T0001", "01", "0000".AsMemory(), "4739".AsMemory())).Succeeded);
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        await s.SignInOperatorAsync("01", "4739".AsMemory());
        await s.SignInTerminalAsync();
        await s.LockAsync();
        try { await s.UnlockAsync("00", "123456".AsMemory()); } catch (SessionException) { }
        Assert.Equal(TerminalSessionState.Locked, s.Current!.State);
    }

    [Fact]
    public async Task PreFix_FactoryOperatorPin_NeverReachesReady()
    {
        await using ServiceProvider sp = await FactoryAsync();
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        await s.SignInOperatorAsync("01", "0000".AsMemory());
        try { await s.SignInTerminalAsync(); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Ready, s.Current!.State);
    }

    [Fact]
    public async Task PreFix_Maintenance_FollowsThePermissionTable()
    {
        await using ServiceProvider sp = await FactoryAsync(o => o.Permissions.Grants[OperatorRole.Administrator].Remove(Permission.Maintenance));
        Assert.True((await sp.GetRequiredService<IPinRecoveryService>().ChangePinAsync("T0001", "99", "12345678".AsMemory(), "86429173".AsMemory())).Succeeded);
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        try { await s.EnterMaintenanceAsync("99", "86429173".AsMemory()); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Maintenance, s.Current!.State);
    }

    [Fact]
    public async Task PreFix_SessionTransitions_AreAudited()
    {
        await using ServiceProvider sp = await FactoryAsync();
        Assert.True((await sp.GetRequiredService<IPinRecoveryService>().ChangePinAsync("T0001", "01", "0000".AsMemory(), "4739".AsMemory())).Succeeded);
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        await s.SignInOperatorAsync("01", "4739".AsMemory());
        await s.SignInTerminalAsync();
        await s.LockAsync();
        await s.UnlockAsync("01", "4739".AsMemory());
        await s.SignOutAsync();
        var types = (await sp.GetRequiredService<IAuditStore>().ReadAsync()).Select(r => r.Event.Type).ToHashSet();
        Assert.Contains(AuditEventType.TerminalSignedIn, types);
        Assert.Contains(AuditEventType.TerminalSignedOut, types);
        Assert.Contains(AuditEventType.SessionStateChanged, types);
    }

    [Fact]
    public async Task PreFix_FailedVerification_ReportsNoRole()
    {
        await using ServiceProvider sp = await FactoryAsync();
        using TerminalSessionManager s = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await s.RestoreOrStartAsync();
        SessionResult r = await s.SignInOperatorAsync("4711", "1234".AsMemory());
        Assert.False(r.Succeeded);
        Assert.NotEqual(OperatorRole.Operator, r.Verification!.Role);
    }

    [Fact]
    public void PreFix_MissingHostSignOn_FailsAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddPosAuth();
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.ThrowsAny<Exception>(() => sp.GetRequiredService<IStartupValidator>().Validate());
    }
}
