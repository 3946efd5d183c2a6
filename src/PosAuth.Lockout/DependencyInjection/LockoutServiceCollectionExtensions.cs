using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Lockout;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PosAuth lockout services.</summary>
public static class LockoutServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILockoutPolicy"/> (<see cref="LockoutPolicy"/>), <see cref="InMemoryAttemptStore"/> as the
    /// default <see cref="IAttemptStore"/>, <see cref="TimeProvider.System"/> as the default <see cref="TimeProvider"/>
    /// (all with TryAdd, so any can be replaced), and validation of <see cref="LockoutOptions"/> at start-up.
    /// Harmless when called twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPosAuthLockout(this IServiceCollection services, Action<LockoutOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<LockoutOptions> builder = services.AddOptions<LockoutOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockoutOptions>, LockoutOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAttemptStore, InMemoryAttemptStore>();
        services.TryAddSingleton<ILockoutPolicy, LockoutPolicy>();
        return services;
    }
}
