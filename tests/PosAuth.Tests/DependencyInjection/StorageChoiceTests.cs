using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.DependencyInjection;

/// <summary>Storage is an explicit choice, and the factory-default PINs are one list (issue 11).</summary>
public sealed class StorageChoiceTests
{
    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostSignOn, FakeHost>();
        return services;
    }

    [Fact]
    public void AddPosAuth_WithoutAStore_FailsToResolveTheAuthenticator_NamingTheChoices()
    {
        ServiceCollection services = Services();
        services.AddPosAuth();
        using ServiceProvider sp = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IOperatorAuthenticator>());

        Assert.Contains("UseSqlite", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuth_WithoutAStore_FailsAtStartUp()
    {
        ServiceCollection services = Services();
        services.AddPosAuth();
        using ServiceProvider sp = services.BuildServiceProvider();

        Exception error = Assert.ThrowsAny<Exception>(sp.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("UseSqlite", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuth_AfterTheLockoutPackagesInMemoryDefault_StillRequiresAChoice()
    {
        ServiceCollection services = Services();
        services.AddPosAuthLockout(); // registers the standalone package's in-memory attempt store first
        services.AddPosAuth();
        using ServiceProvider sp = services.BuildServiceProvider();

        Exception error = Assert.ThrowsAny<Exception>(sp.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("IAttemptStore", Flatten(error), StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStores() was not called", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void UseInMemoryStores_IsAnExplicitChoice_ThatStartsCleanly()
    {
        ServiceCollection services = Services();
        services.AddPosAuth().UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<InMemoryAttemptStore>(sp.GetRequiredService<IAttemptStore>());
        Assert.NotNull(sp.GetRequiredService<IOperatorAuthenticator>());
    }

    [Fact]
    public void UseInMemoryStores_ThenAnIntegratorsStores_TheLaterRegistrationWins()
    {
        var mine = new InMemoryOperatorStore();
        ServiceCollection services = Services();
        services.AddPosAuth().UseInMemoryStores();
        services.AddSingleton<IOperatorStore>(mine);
        using ServiceProvider sp = services.BuildServiceProvider();

        Assert.Same(mine, sp.GetRequiredService<IOperatorStore>());
    }

    [Fact]
    public async Task FactoryDefaults_AreTheFactoryResetPins_ForTheSignInAndThePolicy()
    {
        ServiceCollection services = Services();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
            o.Recovery.FactoryOperatorPin = "2580";
        }).UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider();
        sp.GetRequiredService<IStartupValidator>().Validate();
        IPinHasher hasher = sp.GetRequiredService<IPinHasher>();
        await sp.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("2580") });

        AuthenticationResult signIn = await sp.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync("T0001", "01", "2580".AsMemory());
        PinPolicyResult policy = sp.GetRequiredService<PinPolicy>().Evaluate("2580", new PinPolicyContext { Role = OperatorRole.Operator });

        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, signIn.Outcome);
        Assert.Contains(PinRejectionReason.EqualsFactoryDefault, policy.Reasons);
        Assert.Equal(["12345678", "123456", "2580"], sp.GetRequiredService<IOptions<PinPolicyOptions>>().Value.FactoryDefaults);
    }

    [Fact]
    public void FactoryDefaults_SetByHandInThePinPolicy_AreAStartUpError()
    {
        ServiceCollection services = Services();
        services.AddPosAuth(o => o.PinPolicy.FactoryDefaults = ["9999"]).UseInMemoryStores();
        using ServiceProvider sp = services.BuildServiceProvider();

        Exception error = Assert.ThrowsAny<Exception>(sp.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains("Recovery.FactoryOperatorPin", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) => error is AggregateException agg
        ? string.Join("\n", agg.Flatten().InnerExceptions.Select(e => e.Message))
        : error.Message;
}
