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
    /// a <c>Pepper</c> child, when present, enables the pepper from <see cref="PinPepperOptions"/>, and
    /// <c>Storage:Sqlite</c> (or <c>Storage:PostgreSql</c>) is read by <c>UseSqlite()</c> without arguments.
    /// A key that binds to nothing (<c>"MaxFailure"</c> for <c>MaxFailures</c>) is an error, reported with every other
    /// error of every section when the options are first read, at start-up under the Generic Host, or by
    /// <see cref="PosAuthServiceProviderExtensions.ValidatePosAuthOptions"/>.
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
        services.Replace(ServiceDescriptor.Singleton(new PosAuthConfigurationSection(configuration)));
        IConfigurationSection hashing = configuration.GetSection(nameof(PosAuthOptions.Hashing));
        services.Configure<Pbkdf2PinHasherOptions>(o => PosAuthConfigurationKeys.Bind(o, hashing, () => hashing.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection pinPolicy = configuration.GetSection(nameof(PosAuthOptions.PinPolicy));
        services.Configure<PinPolicyOptions>(o => PosAuthConfigurationKeys.Bind(o, pinPolicy, () => pinPolicy.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection lockout = configuration.GetSection(nameof(PosAuthOptions.Lockout));
        services.Configure<LockoutOptions>(o => PosAuthConfigurationKeys.Bind(o, lockout, () => lockout.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection sessions = configuration.GetSection(nameof(PosAuthOptions.Sessions));
        services.Configure<SessionOptions>(o => PosAuthConfigurationKeys.Bind(o, sessions, () => sessions.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection errorCodes = configuration.GetSection(nameof(PosAuthOptions.ErrorCodes));
        services.Configure<ErrorCodeOptions>(o => PosAuthConfigurationKeys.Bind(o, errorCodes, () => errorCodes.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection authentication = configuration.GetSection(nameof(PosAuthOptions.Authentication));
        services.Configure<AuthenticationOptions>(o => PosAuthConfigurationKeys.Bind(o, authentication, () => authentication.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection permissions = configuration.GetSection(nameof(PosAuthOptions.Permissions));
        services.Configure<PermissionOptions>(o => PosAuthConfigurationKeys.Bind(o, permissions, () => permissions.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection recovery = configuration.GetSection(nameof(PosAuthOptions.Recovery));
        services.Configure<RecoveryOptions>(o => PosAuthConfigurationKeys.Bind(o, recovery, () => recovery.Bind(o, PosAuthConfigurationKeys.Strict)));
        IConfigurationSection pepper = configuration.GetSection(PosAuthOptionsCheck.PepperSection);
        if (pepper.Exists())
        {
            services.AddPosAuthPinPepper(o => PosAuthConfigurationKeys.Bind(o, pepper, () => pepper.Bind(o, PosAuthConfigurationKeys.Strict)));
        }

        if (configure is not null)
        {
            Configure(services, configure);
        }

        return new PosAuthBuilder(services, configuration);
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

    /// <summary>
    /// For a host that uses the core (operators, PIN recovery, audit) but never signs a terminal in to an acquirer host,
    /// such as a back office or a provisioning service: registers an <see cref="IHostSignOn"/> that refuses every
    /// sign-on, in place of the vendor's ISO 8583 link that <c>AddPosAuth</c> otherwise requires at start-up (and, without
    /// the Generic Host, at the first resolution of a PosAuth service). A terminal session started on such a host never
    /// reaches <c>SignedIn</c>. It replaces an <see cref="IHostSignOn"/> registered before; a terminal must not call it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder WithoutHostSignOn(this IPosAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostSignOn, NoHostSignOn>());
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

        // Every section checked at once (unknown keys, unconvertible values, every validator) whenever one is first read.
        services.TryAddSingleton<PosAuthOptionsCheck>();
        services.AddOptions<Pbkdf2PinHasherOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Pbkdf2PinHasherOptions>, PosAuthOptionsCheck>());
        services.AddOptions<PinPolicyOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinPolicyOptions>, PosAuthOptionsCheck>());
        services.AddOptions<LockoutOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockoutOptions>, PosAuthOptionsCheck>());
        services.AddOptions<SessionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, PosAuthOptionsCheck>());
        services.AddOptions<ErrorCodeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErrorCodeOptions>, PosAuthOptionsCheck>());
        services.AddOptions<AuthenticationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthenticationOptions>, PosAuthOptionsCheck>());
        services.AddOptions<PermissionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PermissionOptions>, PosAuthOptionsCheck>());
        services.AddOptions<RecoveryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecoveryOptions>, PosAuthOptionsCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PinPepperOptions>, PosAuthOptionsCheck>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditSink, AuditStoreSink>());
        services.TryAddSingleton<PosAuthMetrics>();
        services.TryAddSingleton<IPermissionPolicy, PermissionPolicy>();
        services.TryAddSingleton<IOperatorAuthenticator, OperatorAuthenticator>();
        services.TryAddSingleton<IOperatorManager, OperatorManager>();
        services.TryAddSingleton<ISupervisorAuthorizer, SupervisorAuthorizer>();

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
