using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Tests.DependencyInjection;

public sealed class HashingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPosAuthHashing_RegistersHasherAndPolicy_AndIsHarmlessTwice()
    {
        var services = new ServiceCollection();
        services.AddPosAuthHashing(o => { o.Iterations = 1_000; o.MinimumIterations = 1_000; });
        services.AddPosAuthHashing();
        using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(IPinHasher));
        IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
        Assert.Equal(Pbkdf2PinHasher.FormatName, Assert.IsType<PinHasher>(hasher).WriteFormat.Name);
        Assert.Contains("$i=1000$", hasher.Hash("4739"), StringComparison.Ordinal);
        Assert.True(provider.GetRequiredService<PinPolicy>().Evaluate("730194", new PinPolicyContext()).IsAccepted);
    }

    [Fact]
    public void AddPosAuthHashing_WithPepper_UsesIt()
    {
        var services = new ServiceCollection();
        services.AddPosAuthHashing(o => { o.Iterations = 1_000; o.MinimumIterations = 1_000; });
        services.AddPosAuthPinPepper(o =>
        {
            o.CurrentKeyId = "k7";
            o.Keys["k7"] = Convert.ToBase64String(new byte[32]);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Contains(",k=k7$", provider.GetRequiredService<IPinHasher>().Hash("4739"), StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuthHashing_WhenOptionsInvalid_FailsValidationWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuthHashing(o => { o.Iterations = 5; o.SaltSize = 1; });
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value);
        Assert.Contains("Iterations", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SaltSize", ex.Message, StringComparison.Ordinal);
    }
}
