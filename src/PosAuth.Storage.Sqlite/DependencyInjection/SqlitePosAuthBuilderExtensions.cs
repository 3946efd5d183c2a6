using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite stores: <c>services.AddPosAuth(...).UseSqlite("/data/posauth.db")</c>.</summary>
public static partial class SqlitePosAuthBuilderExtensions
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
        return Register(builder, path, configure);
    }

    /// <summary>
    /// Like <see cref="UseSqlite(IPosAuthBuilder, string, Action{SqliteStoreOptions}?)"/>, with every setting read from
    /// the <c>Storage:Sqlite</c> section of the configuration given to <c>AddPosAuth(configuration)</c>:
    /// <c>"Storage": { "Sqlite": { "DatabasePath": "/data/posauth/posauth.db", "BusyTimeout": "00:00:05" } }</c>.
    /// A key there that binds to nothing is an error when the stores are first resolved; a missing
    /// <c>DatabasePath</c> fails the start-up validation.
    /// </summary>
    /// <param name="builder">The PosAuth builder, from <c>AddPosAuth(configuration)</c>.</param>
    /// <param name="configure">Further settings applied after the configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">PosAuth was configured in code (<c>AddPosAuth(options =&gt; …)</c>), so
    /// there is no configuration to read the path from: pass it, <c>UseSqlite(path)</c>.</exception>
    public static IPosAuthBuilder UseSqlite(this IPosAuthBuilder builder, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration is null)
        {
            throw new InvalidOperationException(
                "UseSqlite() reads Storage:Sqlite:DatabasePath from the configuration given to AddPosAuth(configuration); "
                + "PosAuth was configured in code, so pass the path: UseSqlite(path).");
        }

        return Register(builder, path: null, configure);
    }

    private static IPosAuthBuilder Register(IPosAuthBuilder builder, string? path, Action<SqliteStoreOptions>? configure)
    {
        IServiceCollection services = builder.Services;
        IConfigurationSection? section = builder.Configuration?.GetSection("Storage:Sqlite");
        services.AddOptions<SqliteStoreOptions>()
            .Configure(o =>
            {
                if (section is not null && section.Exists())
                {
                    try
                    {
                        section.Bind(o, b => b.ErrorOnUnknownConfiguration = true);
                    }
                    catch (InvalidOperationException refused)
                    {
                        // The binder quotes the value it could not convert; the audit-chain key must not reach a log.
                        throw new InvalidOperationException($"'{section.Path}' does not bind: {ConversionFailure().Replace(refused.Message, "the value at '$1' is not a valid $2.")}");
                    }
                }

                if (path is not null)
                {
                    o.DatabasePath = path;
                }

                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());

        // The stores of one composition share one connection (one page cache; every commit no longer invalidates the
        // other stores' caches): a sign-in's reads and its two commits run on it.
        services.RemoveAll<SqliteSharedDatabase>();
        services.AddSingleton<SqliteSharedDatabase>();
        Replace<IOperatorStore, SqliteOperatorStore>(services, db => new SqliteOperatorStore(db.Share("operators")));
        Replace<IAttemptStore, SqliteAttemptStore>(services, db => new SqliteAttemptStore(db.Share("attempts")));
        Replace<ISessionStore, SqliteSessionStore>(services, db => new SqliteSessionStore(db.Share("sessions")));
        Replace<IAuditStore, SqliteAuditStore>(services, db => new SqliteAuditStore(db.Share("audit"), db.Options));
        Replace<IInstallationSecretStore, SqliteInstallationSecretStore>(services, db => new SqliteInstallationSecretStore(db.Share("installation_secrets")));
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

    private static void Replace<TService, TImplementation>(IServiceCollection services, Func<SqliteSharedDatabase, TImplementation> create)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.RemoveAll<TImplementation>();
        services.AddSingleton(sp => create(sp.GetRequiredService<SqliteSharedDatabase>()));
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TImplementation>());
    }

    [GeneratedRegex(@"Failed to convert configuration value '.*' at '([^']*)' to type '([^']*)'\.?", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
