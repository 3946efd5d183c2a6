using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth;
using PosAuth.BackOffice;
using PosAuth.BackOffice.Directory;
using PosAuth.BackOffice.Internal;
using PosAuth.BackOffice.Lanes;
using PosAuth.BackOffice.Management;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Users;
using PosAuth.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The back office's entry points: <c>services.AddPosAuthBackOffice(o =&gt; o.Secret = …).UsePostgreSql(connectionString)</c>
/// (or <c>.UseSqlite(directory)</c> for a single-box back office), then <c>app.MapPosAuthBackOffice()</c>.
/// </summary>
public static class BackOfficeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the back office: the lane API, the management API's services (<see cref="IBackOfficeAuthentication"/>,
    /// <see cref="IBackOfficeManagement"/>, <see cref="IBackOfficeMaintenance"/>) and the maintenance service that
    /// disables unused accounts. Options are validated at start-up. Choose the database on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (<see cref="BackOfficeOptions.Secret"/> is required).</param>
    /// <returns>The builder.</returns>
    public static IBackOfficeBuilder AddPosAuthBackOffice(this IServiceCollection services, Action<BackOfficeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BackOfficeOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackOfficeOptions>, BackOfficeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BackOfficeKeys(sp.GetRequiredService<IOptions<BackOfficeOptions>>().Value.Secret!));
        services.TryAddSingleton<BackOfficeHasher>();
        services.TryAddSingleton<BackOfficeLockouts>();
        services.TryAddSingleton<DirectoryNotifier>();
        services.TryAddSingleton<ChargeLedger>();
        services.TryAddSingleton<LeaseLedger>();
        services.TryAddSingleton<LaneRequestVerifier>();
        services.TryAddSingleton<LaneApi>();
        services.TryAddSingleton<ManagementApi>();
        services.TryAddSingleton<BackOfficeUsers>();
        services.TryAddSingleton<IBackOfficeAuthentication>(sp => sp.GetRequiredService<BackOfficeUsers>());
        services.TryAddSingleton<BackOfficeManagement>();
        services.TryAddSingleton<IBackOfficeManagement>(sp => sp.GetRequiredService<BackOfficeManagement>());
        services.TryAddSingleton<IBackOfficeMaintenance>(sp => sp.GetRequiredService<BackOfficeManagement>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BackOfficeMaintenanceService>());
        services.TryAddSingleton<BackOfficeStore>(_ => throw new InvalidOperationException("The back office has no database: call .UsePostgreSql(connectionString) or .UseSqlite(directory) on the builder AddPosAuthBackOffice returns."));
        return new BackOfficeBuilder(services);
    }

    /// <summary>
    /// Keeps the back office in PostgreSQL: its own tables in <paramref name="schema"/>, the sites' guess budgets in the
    /// storage package's <c>attempts</c> table of <paramref name="attemptSchema"/> (the table a store's lanes share when
    /// they use PostgreSQL directly), the users' budgets in <c>&lt;schema&gt;_lockout</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">An Npgsql connection string (TLS: see the PostgreSQL package README).</param>
    /// <param name="schema">The back office's schema. Default: <c>posauth_backoffice</c>.</param>
    /// <param name="attemptSchema">The schema of the site budgets. Default: <c>posauth</c>.</param>
    /// <returns>The builder.</returns>
    public static IBackOfficeBuilder UsePostgreSql(this IBackOfficeBuilder builder, string connectionString, string schema = "posauth_backoffice", string attemptSchema = "posauth")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        CheckSchema(schema);
        CheckSchema(attemptSchema);
        IServiceCollection services = builder.Services;
        services.RemoveAll<BackOfficeStore>();
        services.RemoveAll<AttemptStores>();
        services.RemoveAll<PostgreSqlBackOfficeDataSource>();
        services.AddSingleton(_ => new PostgreSqlBackOfficeDataSource(NpgsqlDataSource.Create(connectionString)));
        services.AddSingleton(sp => new BackOfficeStore(
            new PostgreSqlDialect(sp.GetRequiredService<PostgreSqlBackOfficeDataSource>().DataSource, owns: false, schema),
            new AuditChain(sp.GetRequiredService<BackOfficeKeys>().AuditChainKey)));
        services.AddSingleton<AttemptStores>(sp => new PostgreSqlAttemptStores(sp.GetRequiredService<PostgreSqlBackOfficeDataSource>().DataSource, attemptSchema, schema + "_lockout"));
        return builder;
    }

    /// <summary>
    /// Keeps the back office in SQLite files in <paramref name="directory"/> (created if missing): <c>backoffice.db</c>
    /// and <c>lockout.db</c> (every budget, keyed by site). For a single-box back office; several back-office processes
    /// need PostgreSQL.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The folder of the database files.</param>
    /// <returns>The builder.</returns>
    public static IBackOfficeBuilder UseSqlite(this IBackOfficeBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        IServiceCollection services = builder.Services;
        services.RemoveAll<BackOfficeStore>();
        services.RemoveAll<AttemptStores>();
        services.AddSingleton(sp =>
        {
            System.IO.Directory.CreateDirectory(directory);
            return new BackOfficeStore(new SqliteDialect(Path.Combine(directory, "backoffice.db")), new AuditChain(sp.GetRequiredService<BackOfficeKeys>().AuditChainKey));
        });
        services.AddSingleton<AttemptStores>(_ =>
        {
            System.IO.Directory.CreateDirectory(directory);
            return new SqliteAttemptStores(Path.Combine(directory, "lockout.db"));
        });
        return builder;
    }

    private static void CheckSchema(string schema)
    {
        if (schema is not { Length: > 0 and <= 50 } || !(char.IsAsciiLetterLower(schema[0]) || schema[0] == '_') || !schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException("A schema name is 1 to 50 lower-case ASCII letters, digits or '_', not starting with a digit.", nameof(schema));
        }
    }
}

/// <summary>The back office's own PostgreSQL data source (disposed with the container).</summary>
internal sealed class PostgreSqlBackOfficeDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

/// <summary>Runs <see cref="IBackOfficeMaintenance.DisableUnusedAccountsAsync"/> every <see cref="BackOfficeOptions.MaintenanceInterval"/> (on the registered <see cref="TimeProvider"/>).</summary>
internal sealed class BackOfficeMaintenanceService(IBackOfficeMaintenance maintenance, TimeProvider time, IOptions<BackOfficeOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await maintenance.DisableUnusedAccountsAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                // The database is away: the next tick tries again.
            }
        }
    }
}
