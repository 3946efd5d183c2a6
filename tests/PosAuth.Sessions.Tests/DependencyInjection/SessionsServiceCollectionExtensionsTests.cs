using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Sessions.Tests.Fakes;
using PosAuth.Testing;

namespace PosAuth.Sessions.Tests.DependencyInjection;

public sealed class SessionsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPosAuthSessions_RegistersAWorkingFactory_WithConfiguredOptions()
    {
        var time = new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        AddFakes(services);
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
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IValidateOptions<SessionOptions>))); // the options and the dependencies
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.Same(custom, sp.GetRequiredService<ISessionStore>());
    }

    [Fact]
    public void AddPosAuthSessions_WithInvalidOptions_FailsValidationWithEveryError()
    {
        var services = new ServiceCollection();
        AddFakes(services);
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

    [Theory]
    [InlineData(nameof(IHostSignOn))]
    [InlineData(nameof(IOperatorVerifier))]
    [InlineData(nameof(IOperatorPinChanger))]
    public void AddPosAuthSessions_WithAMissingDependency_FailsAtStartUp_NamingWhatToRegister(string missing)
    {
        var services = new ServiceCollection();
        AddFakes(services);
        services.RemoveAll(missing switch
        {
            nameof(IHostSignOn) => typeof(IHostSignOn),
            nameof(IOperatorVerifier) => typeof(IOperatorVerifier),
            _ => typeof(IOperatorPinChanger),
        });
        services.AddPosAuthSessions();
        using ServiceProvider sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        string failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"No {missing} is registered: ", failure, StringComparison.Ordinal);
        Assert.Contains("services.Add", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuthSessions_WithNothingRegistered_ReportsEveryMissingServiceInOneMessage()
    {
        var services = new ServiceCollection();
        services.AddPosAuthSessions();
        using ServiceProvider sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains("IHostSignOn", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IOperatorVerifier", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IOperatorPinChanger", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuthSessions_WithEverythingRegistered_PassesStartUpValidation()
    {
        var services = new ServiceCollection();
        AddFakes(services);
        services.AddPosAuthSessions();
        using ServiceProvider sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(sp.GetRequiredService<ITerminalSessionManagerFactory>());
    }

    [Fact]
    public async Task Factory_PassesTheRegisteredPermissionPolicyAndTransitionSinks()
    {
        var sink = new ListSink();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        AddFakes(services);
        services.AddSingleton<ISessionPermissionPolicy>(new SupervisorMaintains());
        services.AddSingleton<ISessionTransitionSink>(sink);
        services.AddPosAuthSessions();
        await using ServiceProvider sp = services.BuildServiceProvider();
        using TerminalSessionManager manager = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T1");
        await manager.RestoreOrStartAsync();

        SessionResult supervisor = await manager.EnterMaintenanceAsync("00", SessionHarness.SupervisorPin.AsMemory());
        SessionResult administrator = await manager.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory());

        Assert.True(supervisor.Succeeded);
        Assert.Equal(SessionErrorKind.MaintenanceNotPermitted, administrator.Error!.Kind);
        Assert.Equal([SessionTrigger.PowerOn, SessionTrigger.EnterMaintenance], sink.Received.Select(e => e.Trigger));
    }

    private static void AddFakes(IServiceCollection services)
    {
        services.AddSingleton<FakeOperatorVerifier>();
        services.AddSingleton<IOperatorVerifier>(sp => sp.GetRequiredService<FakeOperatorVerifier>());
        services.AddSingleton<IOperatorPinChanger, FakeOperatorPinChanger>();
        services.AddSingleton<IHostSignOn, FakeHostSignOn>();
    }

    private sealed class SupervisorMaintains : ISessionPermissionPolicy
    {
        public bool IsGranted(OperatorRole role, SessionPermission permission) => role == OperatorRole.Supervisor;
    }

    private sealed class ListSink : ISessionTransitionSink
    {
        public List<SessionTransitionedEventArgs> Received { get; } = [];

        public ValueTask OnTransitionedAsync(SessionTransitionedEventArgs transition, CancellationToken cancellationToken)
        {
            Received.Add(transition);
            return ValueTask.CompletedTask;
        }
    }
}
