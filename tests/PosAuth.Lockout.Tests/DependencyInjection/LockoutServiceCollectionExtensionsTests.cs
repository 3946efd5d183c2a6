using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.Lockout.Tests.TestSupport;
using PosAuth.Testing;

namespace PosAuth.Lockout.Tests.DependencyInjection;

public sealed class LockoutServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPosAuthLockout_RegistersDefaultsOnceAndResolvesPolicy()
    {
        var services = new ServiceCollection();

        services.AddPosAuthLockout(o => o.MaxFailures = 3).AddPosAuthLockout();
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(ILockoutPolicy));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<LockoutOptions>));
        Assert.IsType<LockoutPolicy>(provider.GetRequiredService<ILockoutPolicy>());
        Assert.IsType<InMemoryAttemptStore>(provider.GetRequiredService<IAttemptStore>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Equal(3, provider.GetRequiredService<IOptions<LockoutOptions>>().Value.MaxFailures);
    }

    [Fact]
    public async Task AddPosAuthLockout_KeepsUserServices()
    {
        var time = new ManualTimeProvider();
        var store = new InMemoryAttemptStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IAttemptStore>(store);

        services.AddPosAuthLockout(o => o.MaxFailures = 1);
        using ServiceProvider provider = services.BuildServiceProvider();
        ILockoutPolicy policy = provider.GetRequiredService<ILockoutPolicy>();
        AttemptCharge charge = await policy.TryChargeAsync(PolicyHarness.Operator01, default);
        await policy.RegisterFailureAsync(charge, default);

        Assert.Same(store, provider.GetRequiredService<IAttemptStore>());
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        Assert.Equal(1, (await store.GetAsync(PolicyHarness.Operator01.Key, default))!.FailureCount); // the policy charged the user's store
    }

    [Fact]
    public void AddPosAuthLockout_WithInvalidOptions_FailsAtStartWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuthLockout(o =>
        {
            o.MaxFailures = 0;
            o.WaitIncrement = TimeSpan.Zero;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxFailures", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WaitIncrement", ex.Message, StringComparison.Ordinal);
    }
}
