using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql;
using PosAuth.Storage.Sqlite;

namespace PosAuth.BackOffice.Storage;

/// <summary>
/// Where the guess budgets live: one <see cref="IAttemptStore"/> per site (the <c>PerSite</c> budgets of its operators
/// and the throttle of each of its lanes) and one for the back-office users. On PostgreSQL these are the storage
/// package's site-keyed stores (<see cref="PostgreSqlAttemptStore"/>: the same table a store's lanes share when they use
/// PostgreSQL directly); on SQLite one file, with every key prefixed by its site.
/// </summary>
internal abstract class AttemptStores : IAsyncDisposable
{
    /// <summary>The pseudo site of the back-office users' budgets (never a site id: those are letters and digits only).</summary>
    public const string UsersScope = "#users";

    private readonly ConcurrentDictionary<string, IAttemptStore> _stores = new(StringComparer.Ordinal);

    public IAttemptStore ForSite(string site) => _stores.GetOrAdd(site, Create);

    public IAttemptStore ForUsers() => _stores.GetOrAdd(UsersScope, Create);

    protected abstract IAttemptStore Create(string scope);

    public virtual ValueTask DisposeAsync()
    {
        foreach (IAttemptStore store in _stores.Values)
        {
            (store as IDisposable)?.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgreSqlAttemptStores(NpgsqlDataSource dataSource, string siteSchema, string usersSchema) : AttemptStores
{
    protected override IAttemptStore Create(string scope) => new PostgreSqlAttemptStore(new PostgreSqlStoreOptions
    {
        DataSource = dataSource,
        Site = scope == UsersScope ? "users" : scope,
        Schema = scope == UsersScope ? usersSchema : siteSchema,
    });
}

internal sealed class SqliteAttemptStores : AttemptStores
{
    private readonly SqliteAttemptStore _file;

    public SqliteAttemptStores(string path) => _file = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = path });

    protected override IAttemptStore Create(string scope) => new PrefixedAttemptStore(_file, scope);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _file.Dispose();
    }
}

/// <summary>Many scopes in one attempt store: every key's terminal id is prefixed with <c>scope/</c> on the way in and stripped on the way out.</summary>
internal sealed class PrefixedAttemptStore(IAttemptStore inner, string scope) : IAttemptStore
{
    private readonly string _prefix = scope + "/";

    public async ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        AttemptRecord? r = await inner.GetAsync(In(key), cancellationToken).ConfigureAwait(false);
        return r is null ? null : r with { Key = key };
    }

    public async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
    {
        (AttemptRecord? a, AttemptRecord? b) = await inner.GetPairAsync(In(first), In(second), cancellationToken).ConfigureAwait(false);
        return (a is null ? null : a with { Key = first }, b is null ? null : b with { Key = second });
    }

    public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        var mapped = new AttemptWrite[writes.Count];
        for (int i = 0; i < writes.Count; i++)
        {
            AttemptWrite w = writes[i];
            mapped[i] = w with
            {
                Record = w.Record with { Key = In(w.Record.Key) },
                ExpectedRecord = w.ExpectedRecord is { } expected ? expected with { Key = In(expected.Key) } : null,
            };
        }

        return inner.TryWriteAsync(mapped, cancellationToken);
    }

    /// <summary>The inner store's: keys are mapped, records compared as the inner store compares them.</summary>
    public bool ComparesExpectedRecords => inner.ComparesExpectedRecords;

    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(In(key), cancellationToken);

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("A prefixed attempt store cannot delete every scope's records.");

    private AttemptKey In(AttemptKey key) => key with { TerminalId = _prefix + key.TerminalId };
}

/// <summary>The lockout policies of the back office: one per site over its store, and the users'.</summary>
internal sealed class BackOfficeLockouts
{
    private readonly AttemptStores _stores;
    private readonly TimeProvider _time;
    private readonly LockoutOptions _site;
    private readonly LockoutOptions _users;
    private readonly ConcurrentDictionary<string, ILockoutPolicy> _policies = new(StringComparer.Ordinal);

    public BackOfficeLockouts(AttemptStores stores, IOptions<BackOfficeOptions> options, TimeProvider time)
    {
        _stores = stores;
        _time = time;
        BackOfficeOptions o = options.Value;
        LockoutOptions s = o.SiteLockout;
        s.Scope = LockoutScope.PerSite;
        _site = s;

        // PCI DSS 8.3.4: locked after at most 10 failures, for at least 30 minutes (no per-terminal throttle: one place).
        _users = new LockoutOptions
        {
            Scope = LockoutScope.PerSite,
            MaxFailures = o.UserMaxFailures,
            Mode = LockoutMode.Temporary,
            WaitGrowth = WaitGrowth.Multiplied,
            WaitIncrement = o.UserLockDuration,
            MaxWait = o.UserLockDuration,
            AdministratorMaxWait = TimeSpan.FromHours(1),
            TerminalThrottle = new TerminalThrottleOptions { Enabled = false },
        };
    }

    /// <summary>The site budget of an operator of <paramref name="role"/> (the role's override, or <c>MaxFailures</c>).</summary>
    public int MaxFailuresFor(OperatorRole role) =>
        _site.Roles is not null && _site.Roles.TryGetValue(role, out LockoutRoleOptions? r) && r.MaxFailures is { } m ? m : _site.MaxFailures;

    public ILockoutPolicy ForSite(string site) =>
        _policies.GetOrAdd(site, s => new LockoutPolicy(_stores.ForSite(s), Options.Create(_site), _time));

    public ILockoutPolicy ForUsers() =>
        _policies.GetOrAdd(AttemptStores.UsersScope, _ => new LockoutPolicy(_stores.ForUsers(), Options.Create(_users), _time));
}
