using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.DependencyInjection;

public sealed class AddPosAuthTests
{
    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<PosAuthOptions>? configure = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
            configure?.Invoke(o);
        }).UseInMemoryStores();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddPosAuth_ResolvesEveryService()
    {
        using ServiceProvider sp = Build();

        Assert.IsType<OperatorAuthenticator>(sp.GetRequiredService<IOperatorAuthenticator>());
        Assert.NotNull(sp.GetRequiredService<IOperatorManager>());
        Assert.NotNull(sp.GetRequiredService<ISupervisorAuthorizer>());
        Assert.NotNull(sp.GetRequiredService<IPinHasher>());
        Assert.NotNull(sp.GetRequiredService<PinPolicy>());
        Assert.NotNull(sp.GetRequiredService<ILockoutPolicy>());
        Assert.NotNull(sp.GetRequiredService<IErrorCodeClassifier>());
        Assert.NotNull(sp.GetRequiredService<ITerminalSessionManagerFactory>());
        Assert.IsType<InMemoryOperatorStore>(sp.GetRequiredService<IOperatorStore>());
        Assert.IsType<InMemoryAuditStore>(sp.GetRequiredService<IAuditStore>());
    }

    [Fact]
    public void AddPosAuth_AppliesOptionsToEachPackage()
    {
        using ServiceProvider sp = Build(configure: o =>
        {
            o.Lockout.MaxFailures = 7;
            o.Authentication.TemporaryPinChangeWindow = TimeSpan.FromMinutes(9);
            o.Permissions.AuthorizationLifetime = TimeSpan.FromSeconds(90);
        });

        Assert.Equal(7, sp.GetRequiredService<IOptions<LockoutOptions>>().Value.MaxFailures);
        Assert.Equal(1_000, sp.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value.Iterations);
        Assert.Equal(TimeSpan.FromMinutes(9), sp.GetRequiredService<IOptions<AuthenticationOptions>>().Value.TemporaryPinChangeWindow);
        Assert.Equal(TimeSpan.FromSeconds(90), sp.GetRequiredService<IOptions<PermissionOptions>>().Value.AuthorizationLifetime);
    }

    [Fact]
    public void AddPosAuth_KeepsServicesRegisteredBefore()
    {
        var mine = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 1_000, MinimumIterations = 1_000 });
        using ServiceProvider sp = Build(before: s => s.AddSingleton<IPinHasher>(mine));

        Assert.Same(mine, sp.GetRequiredService<IPinHasher>());
    }

    [Fact]
    public void AddPosAuth_CalledTwice_IsHarmless()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth().UseInMemoryStores();
        int count = services.Count;
        services.AddPosAuth().UseInMemoryStores();

        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.Single(sp.GetServices<IAuditSink>());
        Assert.Single(sp.GetServices<IOperatorAuthenticator>());
        Assert.True(services.Count - count < count, "the second call must not duplicate every registration");
    }

    [Fact]
    public void AddPosAuth_InvalidOptions_FailAtStartWithEveryErrorInOneMessage()
    {
        using ServiceProvider sp = Build(configure: o =>
        {
            o.Lockout.MaxFailures = 0;
            o.Permissions.AuthorizationLifetime = TimeSpan.Zero;
            o.Authentication.TemporaryPinChangeWindow = TimeSpan.FromMinutes(-1);
        });

        var startup = sp.GetRequiredService<IStartupValidator>();
        var ex = Assert.ThrowsAny<Exception>(startup.Validate);
        string message = ex is AggregateException agg ? string.Join("\n", agg.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("MaxFailures", message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationLifetime", message, StringComparison.Ordinal);
        Assert.Contains("TemporaryPinChangeWindow", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuth_BindsFromConfiguration()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PosAuth:Hashing:Iterations"] = "12000",
            ["PosAuth:Lockout:MaxFailures"] = "4",
            ["PosAuth:Lockout:WaitIncrement"] = "00:02:00",
            ["PosAuth:Authentication:TemporaryPinChangeWindow"] = "00:03:00",
            ["PosAuth:Permissions:AuthorizationLifetime"] = "00:01:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(config.GetSection("PosAuth")).UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider();

        Assert.Equal(12_000, sp.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value.Iterations);
        Assert.Equal(4, sp.GetRequiredService<IOptions<LockoutOptions>>().Value.MaxFailures);
        Assert.Equal(TimeSpan.FromMinutes(2), sp.GetRequiredService<IOptions<LockoutOptions>>().Value.WaitIncrement);
        Assert.Equal(TimeSpan.FromMinutes(3), sp.GetRequiredService<IOptions<AuthenticationOptions>>().Value.TemporaryPinChangeWindow);
        Assert.Equal(TimeSpan.FromMinutes(1), sp.GetRequiredService<IOptions<PermissionOptions>>().Value.AuthorizationLifetime);
    }

    [Fact]
    public async Task AddPosAuth_EndToEnd_SignInThroughSessions_IsRateLimitedByTheAuthenticator()
    {
        using ServiceProvider sp = Build(configure: o => o.Lockout.MaxFailures = 3);
        IOperatorStore store = sp.GetRequiredService<IOperatorStore>();
        IPinHasher hasher = sp.GetRequiredService<IPinHasher>();
        await store.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("7391") });
        using TerminalSessionManager session = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await session.RestoreOrStartAsync();

        SessionResult wrong = await session.SignInOperatorAsync("01", "0001".AsMemory());
        SessionResult right = await session.SignInOperatorAsync("01", "7391".AsMemory());

        Assert.False(wrong.Succeeded);
        Assert.Equal(2, wrong.Verification!.RemainingAttempts);
        Assert.True(right.Succeeded);
        Assert.Equal(TerminalSessionState.OperatorSignedIn, right.Session.State);
        Assert.Contains(await sp.GetRequiredService<IAuditStore>().ReadAsync(), r => r.Event.Type == AuditEventType.SignInSucceeded);
    }
}
