using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Audit;
using PosAuth.Lockout;
using PosAuth.Operators;
using PosAuth.Sessions;
using PosAuth.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite stores: <c>services.AddPosAuth(...).UseSqlite("/data/posauth.db")</c>.</summary>
public static class SqlitePosAuthBuilderExtensions
{
    /// <summary>
    /// Replaces the operator, attempt, session and audit stores with SQLite stores over <paramref name="path"/>
    /// (singletons, each with its own connection; the file is opened on first use). Options are validated at start-up.
    /// Calling it again replaces the previous registration.
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
