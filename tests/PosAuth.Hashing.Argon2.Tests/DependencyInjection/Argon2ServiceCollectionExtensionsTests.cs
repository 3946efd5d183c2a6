using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Hashing.Argon2.Tests.DependencyInjection;

public sealed class Argon2ServiceCollectionExtensionsTests
{
    private const string Pin = "730194";

    private static void Cheap(Argon2idPinHasherOptions o)
    {
        o.MemorySize = TestArgon2.Memory;
        o.MinimumMemorySize = 8;
    }

    private static void CheapPbkdf2(Pbkdf2PinHasherOptions o)
    {
        o.Iterations = 1_000;
        o.MinimumIterations = 1_000;
    }

    [Fact]
    public void AddPosAuthArgon2id_MakesArgon2idTheWrittenFormat_InEitherOrderWithAddPosAuthHashing()
    {
        foreach (bool hashingFirst in new[] { true, false })
        {
            var services = new ServiceCollection();
            if (hashingFirst)
            {
                services.AddPosAuthHashing(CheapPbkdf2);
                services.AddPosAuthArgon2id(Cheap);
            }
            else
            {
                services.AddPosAuthArgon2id(Cheap);
                services.AddPosAuthHashing(CheapPbkdf2);
            }

            using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
            IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
            Assert.StartsWith("$argon2id$v=19$m=64,t=2,p=1$", hasher.Hash(Pin), StringComparison.Ordinal);

            // Still reads PBKDF2 (the migration), asking for a rehash.
            string old = new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin);
            Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(old, Pin));
        }
    }

    [Fact]
    public void AddPosAuthArgon2id_Twice_IsHarmless_AndUsesThePepper()
    {
        var services = new ServiceCollection();
        services.AddPosAuthArgon2id(Cheap);
        services.AddPosAuthArgon2id();
        services.AddPosAuthPinPepper(o =>
        {
            o.CurrentKeyId = "k7";
            o.Keys["k7"] = Convert.ToBase64String(new byte[32]);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(IPinHasher));
        Assert.Single(services, d => d.ServiceType == typeof(IPinHashFormat));
        Assert.Contains(",k=k7$", provider.GetRequiredService<IPinHasher>().Hash(Pin), StringComparison.Ordinal);
    }

    [Fact]
    public void AddPosAuthArgon2id_KeepsAnIPinHasherRegisteredByTheApplication()
    {
        var mine = new Pbkdf2PinHasher(TestArgon2.Pbkdf2());
        var services = new ServiceCollection();
        services.AddSingleton<IPinHasher>(mine);
        services.AddPosAuthArgon2id(Cheap);
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredService<IPinHasher>());
    }

    [Fact]
    public void AddPosAuthArgon2idVerification_ReadsArgon2id_ButWritesPbkdf2()
    {
        var services = new ServiceCollection();
        services.AddPosAuthHashing(CheapPbkdf2);
        services.AddPosAuthArgon2idVerification(Cheap);
        using ServiceProvider provider = services.BuildServiceProvider();
        IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
        Assert.StartsWith("$pbkdf2-sha512$", hasher.Hash(Pin), StringComparison.Ordinal);
        Assert.Equal(PinVerificationResult.SuccessRehashNeeded, hasher.Verify(TestArgon2.Create().Hash(Pin), Pin));
    }

    [Fact]
    public void RetiringPbkdf2_StopsReadingIt()
    {
        var services = new ServiceCollection();
        services.AddPosAuthArgon2id(Cheap);
        services.Configure<PinHasherOptions>(o => o.RetiredFormats.Add(Pbkdf2PinHasher.FormatName));
        using ServiceProvider provider = services.BuildServiceProvider();
        IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
        string old = new Pbkdf2PinHasher(TestArgon2.Pbkdf2()).Hash(Pin);
        Assert.Equal(PinHashError.UnknownAlgorithm, hasher.Inspect(old).Error);
        Assert.Equal(PinVerificationResult.Success, hasher.Verify(hasher.Hash(Pin), Pin));
    }

    [Fact]
    public void InvalidOptions_FailValidation_WithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuthArgon2id(o => { o.MemorySize = 1; o.Iterations = 0; o.HashSize = 3; });
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Argon2idPinHasherOptions>>().Value);
        Assert.Contains("MemorySize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Iterations", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HashSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFormatThatIsNotRegistered_OrRetired_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddPosAuthHashing(CheapPbkdf2);
        services.Configure<PinHasherOptions>(o => { o.WriteFormat = "argon2id"; o.RetiredFormats.Add("pbkdf3"); });
        using ServiceProvider provider = services.BuildServiceProvider();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPinHasher>());
        Assert.Contains("WriteFormat", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pbkdf3", ex.Message, StringComparison.Ordinal);

        var retired = new ServiceCollection();
        retired.AddPosAuthArgon2id(Cheap);
        retired.Configure<PinHasherOptions>(o => o.RetiredFormats.Add("argon2id"));
        using ServiceProvider retiredProvider = retired.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => retiredProvider.GetRequiredService<IOptions<PinHasherOptions>>().Value);
    }
}
