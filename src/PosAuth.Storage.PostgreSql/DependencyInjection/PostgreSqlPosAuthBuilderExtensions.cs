using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the PostgreSQL stores of one site:
/// <c>services.AddPosAuth(...).UsePostgreSql("Host=…;Database=posauth;…", site: "SH0001")</c>.
/// </summary>
public static class PostgreSqlPosAuthBuilderExtensions
{
    /// <summary>
    /// Replaces the operator, attempt, session, audit and installation-secret stores with PostgreSQL stores of
    /// <paramref name="site"/> over one pooled data source built from <paramref name="connectionString"/> (disposed with
    /// the service provider); registers the <see cref="ISignInStore"/> that commits a sign-in's outcome in one transaction
    /// (a sign-in is two durable commits); and, unless <see cref="PostgreSqlStoreOptions.UseServerClock"/> is off, gives the
    /// lockout policy the server's clock (<see cref="PostgreSqlServerClock"/>) so every lane of the site measures locks on
    /// one timeline. Options are validated at start-up; the schema is created or migrated on first use. Calling it again
    /// replaces the previous registration.
    /// </summary>
    /// <param name="builder">The PosAuth builder.</param>
    /// <param name="connectionString">An Npgsql connection string; see the package README for TLS settings.</param>
    /// <param name="site">The site (store, 门店) of this application: every lane of one store uses the same id.</param>
    /// <param name="configure">Further settings, such as <see cref="PostgreSqlStoreOptions.CommandTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UsePostgreSql(this IPosAuthBuilder builder, string connectionString, string site, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(site);
        return Register(builder, o =>
        {
            o.ConnectionString = connectionString;
            o.DataSource = null;
            o.Site = site;
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// The same as <see cref="UsePostgreSql(IPosAuthBuilder, string, string, Action{PostgreSqlStoreOptions}?)"/> over
    /// <paramref name="dataSource"/>, which stays the caller's to dispose.
    /// </summary>
    /// <param name="builder">The PosAuth builder.</param>
    /// <param name="dataSource">The application's data source.</param>
    /// <param name="site">The site (store, 门店) of this application: every lane of one store uses the same id.</param>
    /// <param name="configure">Further settings, such as <see cref="PostgreSqlStoreOptions.CommandTimeout"/>.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UsePostgreSql(this IPosAuthBuilder builder, NpgsqlDataSource dataSource, string site, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(site);
        return Register(builder, o =>
        {
            o.ConnectionString = null;
            o.DataSource = dataSource;
            o.Site = site;
            configure?.Invoke(o);
        });
    }

    private static IPosAuthBuilder Register(IPosAuthBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        IServiceCollection services = builder.Services;

        // A second call replaces the first: the last connection and site win, and one data source and one store each.
        services.AddOptions<PostgreSqlStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());

        services.RemoveAll<PostgreSqlStoreContext>();
        services.AddSingleton(sp => PostgreSqlStoreContext.Create(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value));

        Replace<IOperatorStore, PostgreSqlOperatorStore>(services, c => new PostgreSqlOperatorStore(c, ownsContext: false));
        Replace<IAttemptStore, PostgreSqlAttemptStore>(services, c => new PostgreSqlAttemptStore(c, ownsContext: false));
        Replace<ISessionStore, PostgreSqlSessionStore>(services, c => new PostgreSqlSessionStore(c, ownsContext: false));
        Replace<IAuditStore, PostgreSqlAuditStore>(services, c => new PostgreSqlAuditStore(c, ownsContext: false));
        Replace<IInstallationSecretStore, PostgreSqlInstallationSecretStore>(services, c => new PostgreSqlInstallationSecretStore(c, ownsContext: false));

        services.RemoveAll<ISignInStore>();
        services.RemoveAll<PostgreSqlSignInStore>();
        services.AddSingleton(sp => new PostgreSqlSignInStore(
            sp.GetRequiredService<PostgreSqlAttemptStore>(),
            sp.GetRequiredService<PostgreSqlAuditStore>(),
            sp.GetRequiredService<PostgreSqlOperatorStore>()));
        services.AddSingleton<ISignInStore>(sp => sp.GetRequiredService<PostgreSqlSignInStore>());

        services.RemoveAll<PostgreSqlServerClock>();
        services.AddSingleton(sp =>
        {
            PostgreSqlStoreContext context = sp.GetRequiredService<PostgreSqlStoreContext>();
            return new PostgreSqlServerClock(context, ownsContext: false, sp.GetService<TimeProvider>() ?? TimeProvider.System, source: null, context.ClockResyncInterval);
        });
        UseServerClockForLockout(services);
        return builder;
    }

    /// <summary>
    /// Builds the registered lockout policy (registered by type, as <c>AddPosAuth</c> does) with the server's clock as its
    /// <see cref="TimeProvider"/>. A policy the application registered as an instance or a factory is left alone.
    /// </summary>
    private static void UseServerClockForLockout(IServiceCollection services)
    {
        ServiceDescriptor? registered = services.LastOrDefault(d => d.ServiceType == typeof(ILockoutPolicy));
        Type? implementation = registered switch
        {
            { ImplementationType: { } type } => type,
            _ => null,
        };
        ServiceDescriptor? previous = services.LastOrDefault(d => d.ServiceType == typeof(ServerClockLockoutPolicy));
        if (previous is not null)
        {
            implementation = ((ServerClockLockoutPolicy)previous.ImplementationInstance!).Implementation;
        }

        // Only a policy that takes a TimeProvider (such as LockoutPolicy) can be given the server's clock.
        if (implementation is null || !implementation.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(TimeProvider))))
        {
            return;
        }

        var marker = new ServerClockLockoutPolicy(implementation);
        services.RemoveAll<ServerClockLockoutPolicy>();
        services.AddSingleton(marker);
        services.RemoveAll<ILockoutPolicy>();
        services.AddSingleton<ILockoutPolicy>(sp => marker.Create(sp));
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services, Func<PostgreSqlStoreContext, TImplementation> create)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.RemoveAll<TImplementation>();
        services.AddSingleton(sp => create(sp.GetRequiredService<PostgreSqlStoreContext>()));
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TImplementation>());
    }

    /// <summary>Remembers which policy type the server clock was given to (so a second <c>UsePostgreSql</c> still knows it).</summary>
    private sealed class ServerClockLockoutPolicy([System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] Type implementation)
    {
        [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)]
        public Type Implementation { get; } = implementation;

        public ILockoutPolicy Create(IServiceProvider services) =>
            services.GetRequiredService<PostgreSqlStoreContext>().UseServerClock
                ? (ILockoutPolicy)ActivatorUtilities.CreateInstance(services, Implementation, services.GetRequiredService<PostgreSqlServerClock>())
                : (ILockoutPolicy)ActivatorUtilities.CreateInstance(services, Implementation);
    }
}
