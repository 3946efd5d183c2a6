using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// What the stores of one site share: the data source (pooled connections), the site, the schema, the command
/// timeout, and the one-time schema check. Every store call goes through <see cref="ReadAsync"/> or
/// <see cref="WriteAsync"/>, which open a pooled connection, run one body, and turn Npgsql's errors into
/// <see cref="StoreUnavailableException"/> or <see cref="PostgreSqlStoreException"/>.
/// </summary>
internal sealed class PostgreSqlStoreContext : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly int? _targetSchemaVersion;
    private volatile bool _schemaReady;
    private int _disposed;

    private PostgreSqlStoreContext(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlStoreOptions options, int? targetSchemaVersion)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _targetSchemaVersion = targetSchemaVersion;
        Site = options.Site!;
        Schema = options.Schema;
        QuotedSchema = PostgreSqlSchema.Quote(options.Schema);
        CommandTimeoutSeconds = TimeoutSeconds(options.CommandTimeout);
        AuditChainKey = options.AuditChainKey is { } key ? (byte[])key.Clone() : null;
        UseServerClock = options.UseServerClock;
        ClockResyncInterval = options.ClockResyncInterval;
    }

    /// <summary>Whether the lockout policy gets the server's clock (<see cref="PostgreSqlStoreOptions.UseServerClock"/>).</summary>
    internal bool UseServerClock { get; }

    /// <summary>How often the server clock samples the server again.</summary>
    internal TimeSpan ClockResyncInterval { get; }

    /// <summary>The site whose rows this context reads and writes.</summary>
    internal string Site { get; }

    /// <summary>The schema name.</summary>
    internal string Schema { get; }

    /// <summary>The schema name quoted for SQL text.</summary>
    internal string QuotedSchema { get; }

    /// <summary>The command timeout in whole seconds.</summary>
    internal int CommandTimeoutSeconds { get; }

    /// <summary>A copy of the audit chain key, if any.</summary>
    internal byte[]? AuditChainKey { get; }

    /// <summary>The data source (for tests and the audit store's transactions).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Validates <paramref name="options"/> and builds the context. A connection string gets a data source of its own
    /// (disposed with the context); a given data source stays the caller's. Nothing touches the network here.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    internal static PostgreSqlStoreContext Create(PostgreSqlStoreOptions options, int? targetSchemaVersion = null)
    {
        PostgreSqlStoreOptionsValidator.ThrowIfInvalid(options);
        if (options.DataSource is { } given)
        {
            return new PostgreSqlStoreContext(given, ownsDataSource: false, options, targetSchemaVersion);
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        int seconds = TimeoutSeconds(options.CommandTimeout);
        builder.CommandTimeout = seconds;
        builder.Timeout = seconds;

        // Prepared statements (issue 13's profile): unprepared, every store statement was parsed and planned on every
        // call, about 0.4 ms of the server's time per write, the larger half of a sign-in. The stores run the same few
        // statements over and over, so Npgsql's automatic preparation keeps them prepared per physical connection. The
        // stores leave no session state on a connection (only SET LOCAL and transaction-scoped locks), so the pool need
        // not reset a connection on each return either (one statement less per store call). A value the connection
        // string sets itself is kept.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        if (!HasKey(options.ConnectionString!, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // Every statement looks rows up by key, so one generic plan per statement serves every call; left to itself
        // the server re-plans a statement for its parameters on each execution (0.1-0.3 ms a call, measured).
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c plan_cache_mode=force_generic_plan";
        }
        NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
        return new PostgreSqlStoreContext(dataSource, ownsDataSource: true, options, targetSchemaVersion);
    }

    /// <summary>
    /// Runs a read. A read that meets a broken pooled connection (the server restarted or terminated the backend
    /// since the connection was last used) is tried once more on a fresh connection: Npgsql has cleared the pool by
    /// then, and repeating a read changes nothing. Writes are never repeated (see <see cref="WriteAsync"/>).
    /// </summary>
    internal Task<TResult> ReadAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken, [CallerMemberName] string operation = "", [CallerFilePath] string caller = "") =>
        TracedAsync(state, body, retryOnLostConnection: true, caller, operation, cancellationToken);

    /// <summary>
    /// Runs a write. It is never repeated here: when the connection dies after the server committed but before the
    /// reply arrived, a repeated compare-and-swap would charge an attempt twice. The caller gets
    /// <see cref="StoreUnavailableException"/> and fails closed; the change may or may not have been committed.
    /// </summary>
    internal Task<TResult> WriteAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken, [CallerMemberName] string operation = "", [CallerFilePath] string caller = "") =>
        TracedAsync(state, body, retryOnLostConnection: false, caller, operation, cancellationToken);

    /// <summary>Makes sure the schema exists and is current (once per context; repeated after a failure).</summary>
    internal Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RunAsync(0, static (_, _, _) => Task.FromResult(0), retryOnLostConnection: true, cancellationToken);

    /// <summary>A command on <paramref name="connection"/> with the configured timeout.</summary>
    internal NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static bool HasKey(string connectionString, params ReadOnlySpan<string> names)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string name in names)
        {
            if (given.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    private static int TimeoutSeconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalSeconds);

    // The span of a store call (only while someone listens to the PosAuth source): store, operation, outcome; never a value.
    private Task<TResult> TracedAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<TResult>> body, bool retryOnLostConnection, string caller, string operation, CancellationToken cancellationToken) =>
        PostgreSqlActivities.Source.HasListeners()
            ? TracedCoreAsync(state, body, retryOnLostConnection, caller, operation, cancellationToken)
            : RunAsync(state, body, retryOnLostConnection, cancellationToken);

    private async Task<TResult> TracedCoreAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<TResult>> body, bool retryOnLostConnection, string caller, string operation, CancellationToken cancellationToken)
    {
        using Activity? activity = PostgreSqlActivities.StartStoreCall(caller, operation);
        try
        {
            return await RunAsync(state, body, retryOnLostConnection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            PostgreSqlActivities.Fail(activity, ex);
            throw;
        }
    }

    private async Task<TResult> RunAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<TResult>> body, bool retryOnLostConnection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        for (int attempt = 0; ; attempt++)
        {
            bool opened = false;
            try
            {
                await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                opened = true;
                if (!_schemaReady)
                {
                    await MigrateOnceAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                return await body(connection, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgreSqlFaults.Classify(ex, cancellationToken) is var kind and not PostgreSqlFaults.Kind.None)
            {
                // Retry only when a connection that opened (a pooled one) turned out dead: connecting again right after
                // a refused connection would only double the wait.
                if (retryOnLostConnection && attempt == 0 && opened && kind == PostgreSqlFaults.Kind.ConnectionLost)
                {
                    continue;
                }

                throw PostgreSqlFaults.Translate(ex, kind);
            }
        }
    }

    private async Task MigrateOnceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlSchema.MigrateAsync(connection, Schema, CommandTimeoutSeconds, _targetSchemaVersion, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
