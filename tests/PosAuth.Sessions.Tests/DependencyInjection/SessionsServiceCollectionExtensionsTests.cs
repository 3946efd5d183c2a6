using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Sessions.Tests.Fakes;
using PosAuth.Tests.Shared;

namespace PosAuth.Sessions.Tests.DependencyInjection;

public sealed class SessionsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPosAuthSessions_RegistersAWorkingFactory_WithConfiguredOptions()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IOperatorVerifier, FakeOperatorVerifier>();
        services.AddSingleton<IHostSignOn, FakeHostSignOn>();
        services.AddPosAuthSessions(o => o.IdleLockAfter = TimeSpan.FromMinutes(1));
        await using ServiceProvider sp = services.BuildServiceProvider();

        using TerminalSessionManager manager = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T1");
        await manager.RestoreOrStartAsync();
        await manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TerminalSessionState.Locked, (await sp.GetRequiredService<ISessionStore>().GetAsync("T1", default))!.State);
        Assert.IsType<InMemorySessionStore>(sp.GetRequiredService<ISessionStore>());
    }

    [Fact]
    public void AddPosAuthSessions_Twice_RegistersEachServiceOnce_AndKeepsUserReplacements()
    {
        var services = new ServiceCollection();
        var custom = new InMemorySessionStore();
        services.AddSingleton<ISessionStore>(custom);
        services.AddPosAuthSessions();
        services.AddPosAuthSessions();

        Assert.Single(services, d => d.ServiceType == typeof(ISessionStore));
        Assert.Single(services, d => d.ServiceType == typeof(ITerminalSessionManagerFactory));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SessionOptions>));
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.Same(custom, sp.GetRequiredService<ISessionStore>());
    }

    [Fact]
    public void AddPosAuthSessions_WithInvalidOptions_FailsValidationWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuthSessions(o => { o.IdleLockAfter = TimeSpan.FromDays(2); o.MaxSessionAge = TimeSpan.Zero; });
        using ServiceProvider sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<SessionOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void AddPosAuthSessions_ValidatesOnStart()
    {
        var services = new ServiceCollection();
        services.AddPosAuthSessions(o => o.RestorePolicy = (SessionRestorePolicy)9);
        using ServiceProvider sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("RestorePolicy", ex.Message, StringComparison.Ordinal);
    }
}
