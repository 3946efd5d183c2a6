using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth;
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
    /// Replaces the operator, attempt, session and audit stores with PostgreSQL stores of <paramref name="site"/>
    /// over one pooled data source built from <paramref name="connectionString"/> (disposed with the service
    /// provider). Options are validated at start-up; the schema is created or migrated on first use. Calling it
    /// again replaces the previous registration.
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
    /// Replaces the operator, attempt, session and audit stores with PostgreSQL stores of <paramref name="site"/>
    /// over <paramref name="dataSource"/>, which stays the caller's to dispose. Options are validated at start-up; the
    /// schema is created or migrated on first use. Calling it again replaces the previous registration.
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
        return builder;
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
}
