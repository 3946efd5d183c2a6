using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>DI registration of PosAuth.Hashing.</summary>
public static class HashingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPinHasher"/>, <see cref="PinPolicy"/> and validation of <see cref="Pbkdf2PinHasherOptions"/>,
    /// <see cref="PinHasherOptions"/> and <see cref="PinPolicyOptions"/> at start-up. The hasher is a <see cref="PinHasher"/>
    /// composed of the PBKDF2 format and every <see cref="IPinHashFormat"/> registered (by <c>AddPosAuthArgon2id</c>, or
    /// your own), writing <see cref="PinHasherOptions.WriteFormat"/> (PBKDF2 by default) and reading the others, with an
    /// <see cref="IPinPepperProvider"/> when one is registered. Uses TryAdd*, so it is harmless to call twice, the order of
    /// these calls does not matter, and an <see cref="IPinHasher"/> you register yourself is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration of the hasher options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPosAuthHashing(this IServiceCollection services, Action<Pbkdf2PinHasherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<Pbkdf2PinHasherOptions> hasherOptions = services.AddOptions<Pbkdf2PinHasherOptions>();
        if (configure is not null)
        {
            hasherOptions.Configure(configure);
        }

        hasherOptions.ValidateOnStart();
        services.AddOptions<PinPolicyOptions>().ValidateOnStart();
        services.AddOptions<PinHasherOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Pbkdf2PinHasherOptions>, Pbkdf2PinHasherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinPolicyOptions>, PinPolicyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinHasherOptions>, PinHasherOptionsValidator>());
        services.TryAddSingleton<IPinHasher>(static sp => PinHasher.Compose(
            sp.GetRequiredService<IOptions<PinHasherOptions>>().Value,
            Pbkdf2PinHasher.CreateFormat(sp.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value),
            sp.GetServices<IPinHashFormat>(),
            sp.GetService<IPinPepperProvider>()));
        services.TryAddSingleton(sp => new PinPolicy(
            sp.GetRequiredService<IOptions<PinPolicyOptions>>(),
            sp.GetRequiredService<IPinHasher>()));
        return services;
    }

    /// <summary>Registers <see cref="OptionsPinPepperProvider"/> as the <see cref="IPinPepperProvider"/>, with validated <see cref="PinPepperOptions"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configuration of the pepper keys.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPosAuthPinPepper(this IServiceCollection services, Action<PinPepperOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PinPepperOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinPepperOptions>, PinPepperOptionsValidator>());
        services.TryAddSingleton<IPinPepperProvider>(sp => new OptionsPinPepperProvider(sp.GetRequiredService<IOptions<PinPepperOptions>>()));
        return services;
    }
}
