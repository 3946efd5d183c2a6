using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite stores: <c>services.AddPosAuth(...).UseSqlite("/data/posauth.db")</c>.</summary>
public static class SqlitePosAuthBuilderExtensions
{
    /// <summary>
    /// Replaces the operator, attempt, session, audit and installation-secret stores with SQLite stores over
    /// <paramref name="path"/> (singletons, each with its own connection; the file is opened on first use), and registers
    /// the <see cref="PosAuth.Storage.ISignInStore"/> that commits a sign-in's outcome in one transaction (so a
    /// sign-in costs two durable commits). Options are validated at start-up. Calling it again replaces the previous
    /// registration.
    /// </summary>
    /// <param name="builder">The PosAuth builder.</param>
    /// <param name="path">The database file; its directory is created if missing.</param>
    /// <param name="configure">Further settings, such as <see cref="SqliteStoreOptions.AuditChainKey"/>.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UseSqlite(this IPosAuthBuilder builder, string path, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IServiceCollection services = builder.Services;

        services.AddOptions<SqliteStoreOptions>()
            .Configure(o =>
            {
                o.DatabasePath = path;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());

        Replace<IOperatorStore, SqliteOperatorStore>(services, o => new SqliteOperatorStore(o));
        Replace<IAttemptStore, SqliteAttemptStore>(services, o => new SqliteAttemptStore(o));
        Replace<ISessionStore, SqliteSessionStore>(services, o => new SqliteSessionStore(o));
        Replace<IAuditStore, SqliteAuditStore>(services, o => new SqliteAuditStore(o));
        Replace<IInstallationSecretStore, SqliteInstallationSecretStore>(services, o => new SqliteInstallationSecretStore(o));
        services.RemoveAll<ISignInStore>();
        services.RemoveAll<SqliteSignInStore>();
        services.AddSingleton(sp => new SqliteSignInStore(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            sp.GetRequiredService<SqliteAttemptStore>(),
            sp.GetRequiredService<SqliteAuditStore>(),
            sp.GetRequiredService<SqliteOperatorStore>()));
        services.AddSingleton<ISignInStore>(sp => sp.GetRequiredService<SqliteSignInStore>());
        return builder;
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services, Func<SqliteStoreOptions, TImplementation> create)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.RemoveAll<TImplementation>();
        services.AddSingleton(sp => create(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value));
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TImplementation>());
    }
}
