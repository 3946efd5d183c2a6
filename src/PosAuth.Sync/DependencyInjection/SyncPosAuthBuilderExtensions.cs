using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;
using PosAuth.Sync;
using PosAuth.Sync.Agent;
using PosAuth.Sync.Client;
using PosAuth.Sync.Lockout;
using PosAuth.Sync.State;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connects a lane to its back office: <c>services.AddPosAuth(…).UseSqlite(path).UseBackOffice(uri, credentials)</c>.</summary>
public static class SyncPosAuthBuilderExtensions
{
    /// <summary>
    /// Makes the lane's operator store a replica of its site's directory (kept by <see cref="IBackOfficeSyncAgent"/>,
    /// which the app runs), charges every sign-in against the site-wide budget at the back office before the PIN is
    /// verified, and pushes PIN changes and the audit trail. Call it after the storage choice (<c>UseSqlite</c>).
    /// Without this call nothing changes: a lane works alone as before.
    /// </summary>
    /// <param name="builder">The PosAuth builder.</param>
    /// <param name="backOffice">The back office's address (https in production).</param>
    /// <param name="credentials">The lane's terminal id, site and key from its registration.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UseBackOffice(this IPosAuthBuilder builder, Uri backOffice, LaneCredentials credentials, Action<BackOfficeSyncOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backOffice);
        ArgumentNullException.ThrowIfNull(credentials);
        IServiceCollection services = builder.Services;
        services.AddOptions<BackOfficeSyncOptions>()
            .Configure<IServiceProvider>((o, sp) =>
            {
                o.BackOffice = backOffice;
                o.Credentials = credentials;
                o.StatePath ??= sp.GetService<IOptions<SqliteStoreOptions>>()?.Value.DatabasePath is { } db ? db + ".sync" : null;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackOfficeSyncOptions>, BackOfficeSyncOptionsValidator>());

        services.TryAddSingleton<LaneClient>();
        services.TryAddSingleton(sp => new SyncState(sp.GetRequiredService<IOptions<BackOfficeSyncOptions>>().Value.StatePath!));
        services.TryAddSingleton<SyncSignal>();
        services.TryAddSingleton(sp => new LeaseBook(sp.GetRequiredService<SyncState>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<BackOfficeSyncOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditSink, SyncWakeAuditSink>());
        services.TryAddSingleton(sp => new BackOfficeSyncAgent(
            sp.GetRequiredService<LaneClient>(),
            sp.GetRequiredService<SyncState>(),
            sp.GetRequiredService<IOperatorStore>(),
            sp.GetRequiredService<IAuditStore>(),
            sp.GetServices<IAuditSink>(),
            sp.GetRequiredService<SyncSignal>(),
            sp.GetRequiredService<LeaseBook>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BackOfficeSyncOptions>>()));
        services.TryAddSingleton<IBackOfficeSyncAgent>(sp => sp.GetRequiredService<BackOfficeSyncAgent>());

        // The lockout policy: sign-ins at the back office, the recovery flows' own limits on the lane's policy.
        services.RemoveAll<ILockoutPolicy>();
        services.AddSingleton<ILockoutPolicy>(sp => new BackOfficeLockoutPolicy(
            new LockoutPolicy(sp.GetRequiredService<IAttemptStore>(), sp.GetRequiredService<IOptions<LockoutOptions>>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<LaneClient>(),
            sp.GetRequiredService<BackOfficeSyncAgent>(),
            sp.GetRequiredService<LeaseBook>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
