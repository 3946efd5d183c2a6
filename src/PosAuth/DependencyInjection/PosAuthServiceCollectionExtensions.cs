using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The PosAuth entry point: <c>services.AddPosAuth(options =&gt; …)</c>.</summary>
public static class PosAuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers PosAuth: hashing, lockout, sessions, error codes, the operator authenticator, roles and
    /// permissions, audit and metrics. Storage is an explicit choice on the returned builder: <c>.UseSqlite(path)</c>
    /// (a terminal's default), <c>.UsePostgreSql(…)</c>, your own stores, or <c>.UseInMemoryStores()</c> for tests and
    /// demos; without one, start-up (or the first resolution of a store) fails with a message naming them. Every
    /// default is registered with <c>TryAdd*</c>, so a service registered before wins; calling this twice is
    /// harmless. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; applied to each package's options object.</param>
    /// <returns>A builder for chained configuration.</returns>
    public static IPosAuthBuilder AddPosAuth(this IServiceCollection services, Action<PosAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        if (configure is not null)
        {
            Configure(services, configure);
        }

        return new PosAuthBuilder(services);
    }

    /// <summary>
    /// Registers PosAuth with options bound from configuration: the section's children
    /// <c>Hashing</c>, <c>PinPolicy</c>, <c>Lockout</c>, <c>Sessions</c>, <c>ErrorCodes</c>,
    /// <c>Authentication</c>, <c>Permissions</c> and <c>Recovery</c> bind to the options of the same name,
    /// and a <c>Pepper</c> child, when present, enables the pepper from <see cref="PinPepperOptions"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>PosAuth</c> configuration section.</param>
    /// <param name="configure">Optional further settings applied after binding.</param>
    /// <returns>A builder for chained configuration.</returns>
    public static IPosAuthBuilder AddPosAuth(this IServiceCollection services, IConfiguration configuration, Action<PosAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.Configure<Pbkdf2PinHasherOptions>(configuration.GetSection(nameof(PosAuthOptions.Hashing)));
        services.Configure<PinPolicyOptions>(configuration.GetSection(nameof(PosAuthOptions.PinPolicy)));
        services.Configure<LockoutOptions>(configuration.GetSection(nameof(PosAuthOptions.Lockout)));
        services.Configure<SessionOptions>(configuration.GetSection(nameof(PosAuthOptions.Sessions)));
        services.Configure<ErrorCodeOptions>(configuration.GetSection(nameof(PosAuthOptions.ErrorCodes)));
        services.Configure<AuthenticationOptions>(configuration.GetSection(nameof(PosAuthOptions.Authentication)));
        services.Configure<PermissionOptions>(configuration.GetSection(nameof(PosAuthOptions.Permissions)));
        services.Configure<RecoveryOptions>(configuration.GetSection(nameof(PosAuthOptions.Recovery)));
        IConfigurationSection pepper = configuration.GetSection("Pepper");
        if (pepper.Exists())
        {
            services.AddPosAuthPinPepper(o => pepper.Bind(o));
        }

        if (configure is not null)
        {
            Configure(services, configure);
        }

        return new PosAuthBuilder(services);
    }

    /// <summary>
    /// Uses in-memory stores for operators, attempts, sessions, audit and installation secrets: for tests and demos
    /// only, since a restart forgets every operator, lockout and audit record. Stores registered after this call (for
    /// example an integrator's own operator and attempt stores) replace the in-memory ones they stand for.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UseInMemoryStores(this IPosAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton<IOperatorStore, InMemoryOperatorStore>());
        services.Replace(ServiceDescriptor.Singleton<IAttemptStore, InMemoryAttemptStore>());
        services.Replace(ServiceDescriptor.Singleton<ISessionStore, InMemorySessionStore>());
        services.Replace(ServiceDescriptor.Singleton<IAuditStore, InMemoryAuditStore>());
        services.Replace(ServiceDescriptor.Singleton<IInstallationSecretStore, InMemoryInstallationSecretStore>());
        services.TryAddSingleton<PosAuthStoreSelection.InMemoryStoresChosen>();
        return builder;
    }

    /// <summary>Enables a pepper: the PIN is HMAC-ed with a secret key kept outside the database before the KDF.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the current key id and the keys.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UsePepper(this IPosAuthBuilder builder, Action<PinPepperOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddPosAuthPinPepper(configure);
        return builder;
    }

    /// <summary>Applies the delegate to each package's options object (it must only set values).</summary>
    private static void Configure(IServiceCollection services, Action<PosAuthOptions> configure)
    {
        services.Configure<Pbkdf2PinHasherOptions>(o => configure(new PosAuthOptions(hashing: o)));
        services.Configure<PinPolicyOptions>(o => configure(new PosAuthOptions(pinPolicy: o)));
        services.Configure<LockoutOptions>(o => configure(new PosAuthOptions(lockout: o)));
        services.Configure<SessionOptions>(o => configure(new PosAuthOptions(sessions: o)));
        services.Configure<ErrorCodeOptions>(o => configure(new PosAuthOptions(errorCodes: o)));
        services.Configure<AuthenticationOptions>(o => configure(new PosAuthOptions(authentication: o)));
        services.Configure<PermissionOptions>(o => configure(new PosAuthOptions(permissions: o)));
        services.Configure<RecoveryOptions>(o => configure(new PosAuthOptions(recovery: o)));
    }

    private static void AddCore(IServiceCollection services)
    {
        // Placeholders first, so the standalone packages' in-memory defaults (TryAdd) never stand in for a durable store.
        PosAuthStoreSelection.AddPlaceholders(services);
        services.AddPosAuthHashing();
        services.AddPosAuthLockout();
        services.AddPosAuthSessionIntegration(); // before AddPosAuthSessions: the core's permission table wins over its default
        services.AddPosAuthSessions();
        services.AddPosAuthErrorCodes();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditSink, AuditStoreSink>());
        services.TryAddSingleton<PosAuthMetrics>();
        services.TryAddSingleton<IPermissionPolicy, PermissionPolicy>();
        services.TryAddSingleton<IOperatorAuthenticator, OperatorAuthenticator>();
        services.TryAddSingleton<IOperatorManager, OperatorManager>();
        services.TryAddSingleton<ISupervisorAuthorizer, SupervisorAuthorizer>();

        services.AddOptions<AuthenticationOptions>().ValidateOnStart();
        services.AddOptions<PermissionOptions>().ValidateOnStart();
        services.AddOptions<RecoveryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthenticationOptions>, AuthenticationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PermissionOptions>, PermissionOptionsValidator>());

        // One list of factory-default PINs: the factory-reset PINs feed the PIN policy's list.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PinPolicyOptions>, PinPolicyFactoryDefaultsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinPolicyOptions>, PinPolicyFactoryDefaultsValidator>());

        // Recovery: PIN change/reset/temporary PINs, offline unlock, factory reset.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecoveryOptions>, RecoveryOptionsValidator>());
        services.TryAddSingleton<IOfflineUnlockKeyProvider, OptionsOfflineUnlockKeyProvider>();
        services.TryAddSingleton<IPinRecoveryService, PinRecoveryService>();
        services.TryAddSingleton<IOfflineUnlockService, OfflineUnlockService>();
        services.TryAddSingleton<IFactoryResetService, FactoryResetService>();
    }
}
