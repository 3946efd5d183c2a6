using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Sessions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PosAuth terminal sessions.</summary>
public static class SessionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SessionOptions"/> (validated on start, every error in one message), the
    /// in-memory <see cref="ISessionStore"/>, <see cref="TimeProvider.System"/>, the UnionPay-convention
    /// <see cref="ISessionPermissionPolicy"/> and <see cref="ITerminalSessionManagerFactory"/>, each with <c>TryAdd</c> so
    /// that any can be replaced; calling it twice is harmless. The application (or <c>AddPosAuth()</c> from the PosAuth
    /// core) registers <see cref="IOperatorVerifier"/> and <see cref="IOperatorPinChanger"/>, and the vendor registers
    /// <see cref="IHostSignOn"/>: a missing one fails at start-up (with <c>ValidateOnStart</c>, that is when the host starts
    /// or <see cref="IStartupValidator.Validate"/> runs), naming the service to register.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPosAuthSessions(this IServiceCollection services, Action<SessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<SessionOptions> options = services.AddOptions<SessionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, SessionDependenciesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        services.TryAddSingleton<ISessionPermissionPolicy>(ConventionSessionPermissionPolicy.Instance);
        services.TryAddSingleton<ITerminalSessionManagerFactory, TerminalSessionManagerFactory>();
        return services;
    }
}
