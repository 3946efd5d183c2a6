using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.ErrorCodes;
using PosAuth.ErrorCodes.Overrides;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the error-code classifier.</summary>
public static class ErrorCodesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IErrorCodeClassifier"/> (singleton) and <see cref="ErrorCodeOptions"/> with validation
    /// at start-up. Safe to call more than once; an existing <see cref="IErrorCodeClassifier"/> registration is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration of the overrides.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPosAuthErrorCodes(this IServiceCollection services, Action<ErrorCodeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ErrorCodeOptions> options = services.AddOptions<ErrorCodeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErrorCodeOptions>, ErrorCodeOptionsValidator>());
        services.TryAddSingleton<IErrorCodeClassifier>(sp => new ErrorCodeClassifier(sp.GetRequiredService<IOptions<ErrorCodeOptions>>().Value));
        return services;
    }
}
