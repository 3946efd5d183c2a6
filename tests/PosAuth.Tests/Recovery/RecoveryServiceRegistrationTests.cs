using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.OfflineUnlock;

namespace PosAuth.Tests.Recovery;

public sealed class RecoveryServiceRegistrationTests
{
    [Fact]
    public async Task AddPosAuth_RegistersEveryRecoveryService_AndTheyWorkTogether()
    {
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(TestSupport.RecoveryFixture.MasterKey, TestSupport.RecoveryFixture.Serial);
        var services = new ServiceCollection();
        services.AddPosAuth(o =>
        {
            o.Hashing.Iterations = 1_000;
            o.Hashing.MinimumIterations = 1_000;
            o.Recovery.OfflineUnlockKey = Convert.ToBase64String(terminalKey);
        }).UseInMemoryStores().WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IPinRecoveryService>(), provider.GetRequiredService<IPinRecoveryService>());
        Assert.NotNull(provider.GetRequiredService<IFactoryResetService>());
        IOfflineUnlockService unlock = provider.GetRequiredService<IOfflineUnlockService>();

        RecoveryResult reset = await provider.GetRequiredService<IFactoryResetService>().FactoryResetAsync("T1", FactoryResetActor.System);
        OfflineUnlockChallenge challenge = (await unlock.IssueChallengeAsync("T1", "01")).Value!;
        string response = OfflineUnlockCalculator.ComputeResponse(terminalKey, "T1", "01", challenge.Challenge);
        RecoveryResult<TemporaryPin> unlocked = await unlock.CompleteAsync("T1", "01", response);

        Assert.True(reset.Succeeded);
        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
    }

    [Fact]
    public void AddPosAuth_KeepsAServiceRegisteredBefore()
    {
        var services = new ServiceCollection();
        var mine = new OfflineUnlockKeyProvider(new byte[32]);
        services.AddSingleton<IOfflineUnlockKeyProvider>(mine);
        services.AddPosAuth().UseInMemoryStores().WithoutHostSignOn();
        services.AddPosAuth().UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IOfflineUnlockKeyProvider>());
        Assert.Single(provider.GetServices<IValidateOptions<RecoveryOptions>>().OfType<RecoveryOptionsValidator>());
        Assert.Single(provider.GetServices<IValidateOptions<RecoveryOptions>>().OfType<PosAuthOptionsCheck>());
    }

    [Fact]
    public void AddPosAuth_InvalidRecoveryOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Recovery.UnlockChallengeDigits = 20).UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RecoveryOptions>>().Value);
        Assert.Contains("UnlockChallengeDigits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuth_BindsRecoveryOptionsFromConfiguration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recovery:TemporaryPinLifetime"] = "00:45:00",
            ["Recovery:UnlockChallengeLifetime"] = "00:05:00",
            ["Recovery:FactoryOperatorPin"] = "000000",
        }).Build();
        var services = new ServiceCollection();
        services.AddPosAuth(configuration).UseInMemoryStores().WithoutHostSignOn();
        using ServiceProvider provider = services.BuildServiceProvider();

        RecoveryOptions options = provider.GetRequiredService<IOptions<RecoveryOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(45), options.TemporaryPinLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.UnlockChallengeLifetime);
        Assert.Equal("000000", options.FactoryOperatorPin);
    }
}
