using System.Net;
using System.Net.Sockets;
using Npgsql;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Faults;

/// <summary>
/// Real faults on the shared test server: an unreachable server, a command past its timeout, a backend terminated in
/// the middle of a write and between calls. The stores fail closed with <see cref="StoreUnavailableException"/>, never
/// report a write that did not commit, and work again by themselves.
/// </summary>
public sealed class ServerFaultTests
{
    private static readonly AttemptKey Key = new("T0000001", "01");

    private static CancellationToken Guard(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task UnreachableServer_EveryMethodThrowsStoreUnavailable_WithoutTheConnectionString()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var options = new PostgreSqlStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=posauth;Username=posauth;Password=hunter2secret",
            Site = "SH0001",
            CommandTimeout = TimeSpan.FromSeconds(2),
        };
        await using var operators = new PostgreSqlOperatorStore(options);
        await using var attempts = new PostgreSqlAttemptStore(options);
        await using var sessions = new PostgreSqlSessionStore(options);
        await using var audit = new PostgreSqlAuditStore(options);
        foreach (Func<Task> call in EveryMethod(operators, attempts, sessions, audit))
        {
            StoreUnavailableException ex = await Assert.ThrowsAsync<StoreUnavailableException>(call);
            Assert.DoesNotContain("hunter2secret", ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CommandPastItsTimeout_WhileTheRowIsLockedElsewhere_FailsClosedAndChangesNothing()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        options.CommandTimeout = TimeSpan.FromSeconds(1);
        await using var store = new PostgreSqlAttemptStore(options);
        Assert.True(await store.TryInsertAsync(Record(failures: 1), default));

        await using NpgsqlConnection blocker = await PostgresTestServer.OpenRawAsync();
        await using NpgsqlTransaction hold = await LockRowAsync(blocker, options.Site!);
        StoreUnavailableException ex = await Assert.ThrowsAsync<StoreUnavailableException>(
            async () => await store.TryUpdateAsync(Record(failures: 9), 0, default).AsTask().WaitAsync(Guard(15)));
        Assert.Contains("timeout", ex.Message, StringComparison.Ordinal);
        await hold.RollbackAsync();

        AttemptRecord stored = (await store.GetAsync(Key, default))!;
        Assert.Equal((1, 0L), (stored.FailureCount, stored.Version));
        Assert.True(await store.TryUpdateAsync(Record(failures: 2), 0, default));
    }

    [Fact]
    public async Task BackendTerminatedInTheMiddleOfAnUpdate_FailsClosedNothingIsCommitted_ThenTheStoreWorksAgain()
    {
        (PostgreSqlStoreOptions options, string application) = await WithApplicationNameAsync();
        await using var store = new PostgreSqlAttemptStore(options);
        Assert.True(await store.TryInsertAsync(Record(failures: 1), default));

        await using NpgsqlConnection blocker = await PostgresTestServer.OpenRawAsync();
        await using NpgsqlTransaction hold = await LockRowAsync(blocker, options.Site!);
        Task<bool> update = store.TryUpdateAsync(Record(failures: 9), 0, default).AsTask();

        // The update is now waiting for the row lock inside its backend: terminate that backend.
        int pid = await WaitForBackendAsync(application, waitingForLock: true);
        Assert.True((bool)(await PostgresTestServer.ScalarAsync("SELECT pg_terminate_backend($1)", pid))!);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => update.WaitAsync(Guard()));
        await hold.RollbackAsync();

        AttemptRecord stored = (await store.GetAsync(Key, default))!;
        Assert.Equal((1, 0L), (stored.FailureCount, stored.Version));
        Assert.True(await store.TryUpdateAsync(Record(failures: 2), 0, default));
        Assert.Equal(2, (await store.GetAsync(Key, default))!.FailureCount);
    }

    [Fact]
    public async Task PooledConnectionTerminatedBetweenCalls_TheNextReadSucceedsOnAFreshConnection()
    {
        (PostgreSqlStoreOptions options, string application) = await WithApplicationNameAsync();
        await using var store = new PostgreSqlAttemptStore(options);
        Assert.True(await store.TryInsertAsync(Record(failures: 3), default));
        await TerminateAllAsync(application);

        Assert.Equal(3, (await store.GetAsync(Key, default))!.FailureCount);
    }

    [Fact]
    public async Task PooledConnectionTerminatedBetweenCalls_AWriteIsAppliedOnceOrFailsClosed_NeverTwice()
    {
        (PostgreSqlStoreOptions options, string application) = await WithApplicationNameAsync();
        await using var store = new PostgreSqlAttemptStore(options);
        Assert.True(await store.TryInsertAsync(Record(failures: 3), default));
        await TerminateAllAsync(application);

        bool applied;
        try
        {
            applied = await store.TryUpdateAsync(Record(failures: 4), 0, default);
        }
        catch (StoreUnavailableException)
        {
            applied = false;
        }

        AttemptRecord stored = (await store.GetAsync(Key, default))!;
        Assert.Equal(applied ? (4, 1L) : (3, 0L), (stored.FailureCount, stored.Version));
        Assert.True(await store.TryUpdateAsync(Record(failures: stored.FailureCount + 1), stored.Version, default));
    }

    internal static IEnumerable<Func<Task>> EveryMethod(PostgreSqlOperatorStore operators, PostgreSqlAttemptStore attempts, PostgreSqlSessionStore sessions, PostgreSqlAuditStore audit)
    {
        var account = new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = "h" };
        var session = new TerminalSession { TerminalId = "T0000001", Version = 1 };
        yield return async () => await operators.FindAsync("01");
        yield return async () => await operators.TryCreateAsync(account);
        yield return async () => await operators.TryUpdateAsync(account, 1);
        yield return async () => await operators.DeleteAsync("01");
        yield return async () => await operators.ListAsync();
        yield return async () => await operators.DeleteAllAsync();
        yield return async () => await attempts.GetAsync(Key, default);
        yield return async () => await attempts.TryInsertAsync(Record(1), default);
        yield return async () => await attempts.TryUpdateAsync(Record(2), 0, default);
        yield return async () => await attempts.DeleteAsync(Key, default);
        yield return async () => await attempts.DeleteAllAsync(default);
        yield return async () => await sessions.GetAsync("T0000001", default);
        yield return async () => await sessions.TrySaveAsync(session, 0, default);
        yield return async () => await sessions.DeleteAsync("T0000001", default);
        yield return async () => await sessions.DeleteAllAsync(default);
        yield return async () => await audit.AppendAsync(new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T0000001", "01"));
        yield return async () => await audit.ReadAsync();
        yield return async () => await audit.ClearAsync();
    }

    internal static AttemptRecord Record(int failures) => new() { Key = Key, FailureCount = failures, LastSeenAt = DateTimeOffset.UnixEpoch };

    private static async Task<(PostgreSqlStoreOptions Options, string Application)> WithApplicationNameAsync()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        string application = "posauth-test-" + Guid.NewGuid().ToString("N")[..12];
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { ApplicationName = application }.ConnectionString;
        return (options, application);
    }

    private static async Task<NpgsqlTransaction> LockRowAsync(NpgsqlConnection connection, string site)
    {
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM posauth.attempts WHERE site = $1 AND terminal_id = $2 AND operator_id = $3 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = site });
        command.Parameters.Add(new NpgsqlParameter { Value = Key.TerminalId });
        command.Parameters.Add(new NpgsqlParameter { Value = Key.OperatorId });
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return transaction;
    }

    /// <summary>Polls pg_stat_activity (each poll is a round trip; no sleeping) until the application's backend shows up.</summary>
    private static async Task<int> WaitForBackendAsync(string application, bool waitingForLock)
    {
        CancellationToken guard = Guard();
        string sql = "SELECT pid FROM pg_stat_activity WHERE application_name = $1" + (waitingForLock ? " AND wait_event_type = 'Lock'" : "");
        while (true)
        {
            guard.ThrowIfCancellationRequested();
            if (await PostgresTestServer.ScalarAsync(sql, application) is int pid)
            {
                return pid;
            }
        }
    }

    private static async Task TerminateAllAsync(string application)
    {
        Assert.True((long)(await PostgresTestServer.ScalarAsync(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t", application))! >= 1);
        CancellationToken guard = Guard();
        while ((long)(await PostgresTestServer.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", application))! > 0)
        {
            guard.ThrowIfCancellationRequested();
        }
    }
}
