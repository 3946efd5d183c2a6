using Npgsql;
using PosAuth.Lockout;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Schema;

/// <summary>Versioned, forward-only migrations: first use, concurrent start, an older schema, a newer one, unsafe settings.</summary>
public sealed class MigrationTests
{
    private static readonly string[] Tables = ["attempts", "audit", "audit_chain", "clock", "installation_secrets", "operators", "posauth_schema", "sessions"];

    [Fact]
    public async Task FirstUse_CreatesTheSchemaAtTheLatestVersion()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());
        await using (PostgreSqlStoreContext context = PostgreSqlStoreContext.Create(options))
        {
            await context.EnsureSchemaAsync(default);
        }

        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.LatestVersion), await VersionsAsync(options.Schema));
        Assert.Equal(Tables, await TablesAsync(options.Schema));
    }

    [Fact]
    public async Task ConcurrentStart_ManyDataSourcesOnAnEmptySchema_MigrateOnceAndAllWork()
    {
        string schema = PostgresTestServer.NewSchema();
        const int starters = 16;
        var contexts = new PostgreSqlStoreContext[starters];
        for (int i = 0; i < starters; i++)
        {
            contexts[i] = PostgreSqlStoreContext.Create(await PostgresTestServer.OptionsAsync(schema: schema));
        }

        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] starts = contexts.Select(c => Task.Run(async () =>
            {
                await go.Task;
                await c.EnsureSchemaAsync(default);
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(starts);

            Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.LatestVersion), await VersionsAsync(schema));
            foreach (PostgreSqlStoreContext c in contexts)
            {
                var store = new PostgreSqlAttemptStore(c, ownsContext: false);
                Assert.True(await store.TryInsertAsync(new AttemptRecord { Key = new AttemptKey("T1", "01") }, default));
            }
        }
        finally
        {
            foreach (PostgreSqlStoreContext c in contexts)
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task OlderSchema_IsMigratedForwardKeepingItsData()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());
        await using (var v1 = new PostgreSqlOperatorStore(PostgreSqlStoreContext.Create(options, targetSchemaVersion: 1), ownsContext: true))
        {
            Assert.True(await v1.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = "h" }));
        }

        Assert.Equal(new[] { 1 }, await VersionsAsync(options.Schema));
        Assert.DoesNotContain("audit", await TablesAsync(options.Schema));

        await using var operators = new PostgreSqlOperatorStore(options);
        await using var audit = new PostgreSqlAuditStore(options);
        Assert.Equal("h", (await operators.FindAsync("01"))!.PinHash);
        Assert.Equal(1, await audit.AppendAsync(new AuditEvent(AuditEventType.SignInSucceeded, DateTimeOffset.UnixEpoch, "T1", "01")));
        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.LatestVersion), await VersionsAsync(options.Schema));
    }

    [Fact]
    public async Task NewerSchema_IsRefusedWithATypedErrorAndNeverModified()
    {
        // A schema "from the future": only its version table, at a version this code does not know. Any DDL the store
        // ran (creating the tables it expects) would show in the catalog snapshot.
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());
        int future = PostgreSqlSchema.LatestVersion + 1;
        await using (NpgsqlConnection raw = await PostgresTestServer.OpenRawAsync())
        {
            await using var create = new NpgsqlCommand(
                $"""
                CREATE SCHEMA {options.Schema};
                CREATE TABLE {options.Schema}.posauth_schema (version integer NOT NULL PRIMARY KEY, description text NOT NULL);
                INSERT INTO {options.Schema}.posauth_schema VALUES (1, 'one'), ({future}, 'from a newer PosAuth');
                """,
                raw);
            await create.ExecuteNonQueryAsync();
        }

        string before = await CatalogSnapshotAsync(options.Schema);
        await using var operators = new PostgreSqlOperatorStore(options);
        await using var attempts = new PostgreSqlAttemptStore(options);
        await using var sessions = new PostgreSqlSessionStore(options);
        await using var audit = new PostgreSqlAuditStore(options);
        Func<Task>[] calls =
        [
            async () => await operators.FindAsync("01"),
            async () => await operators.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = "h" }),
            async () => await attempts.GetAsync(new AttemptKey("T1", "01"), default),
            async () => await attempts.TryInsertAsync(new AttemptRecord { Key = new AttemptKey("T1", "01") }, default),
            async () => await sessions.GetAsync("T1", default),
            async () => await audit.AppendAsync(new AuditEvent(AuditEventType.SignInFailed, DateTimeOffset.UnixEpoch, "T1", "01")),
        ];
        foreach (Func<Task> call in calls)
        {
            PostgreSqlStoreException ex = await Assert.ThrowsAsync<PostgreSqlStoreException>(call);
            Assert.Equal(PostgreSqlStoreErrorCode.SchemaTooNew, ex.Code);
            Assert.Equal(future, ex.FoundSchemaVersion);
            Assert.Equal(PostgreSqlSchema.LatestVersion, ex.SupportedSchemaVersion);
        }

        Assert.Equal(before, await CatalogSnapshotAsync(options.Schema));
        Assert.Equal(["posauth_schema"], await TablesAsync(options.Schema));
    }

    [Fact]
    public async Task SynchronousCommitOff_IsRefusedBeforeAnythingIsCreated()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Options = "-c synchronous_commit=off" }.ConnectionString;
        await using var attempts = new PostgreSqlAttemptStore(options);

        PostgreSqlStoreException ex = await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await attempts.GetAsync(new AttemptKey("T1", "01"), default));
        Assert.Equal(PostgreSqlStoreErrorCode.UnsafeServerSettings, ex.Code);
        Assert.Empty(await TablesAsync(options.Schema));
    }

    private static async Task<int[]> VersionsAsync(string schema)
    {
        object? value = await PostgresTestServer.ScalarAsync($"SELECT array_agg(version ORDER BY version) FROM {schema}.posauth_schema");
        return (int[])value!;
    }

    private static async Task<string[]> TablesAsync(string schema)
    {
        object? value = await PostgresTestServer.ScalarAsync(
            "SELECT COALESCE(array_agg(c.relname::text ORDER BY c.relname), '{}') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
            schema);
        return (string[])value!;
    }

    private static async Task<string> CatalogSnapshotAsync(string schema)
    {
        object? value = await PostgresTestServer.ScalarAsync(
            """
            SELECT concat_ws(' | ',
                (SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1),
                (SELECT string_agg(p.proname, ',' ORDER BY p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1),
                (SELECT count(*)::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1))
            """,
            schema);
        string snapshot = (string)value!;
        object? rows = await PostgresTestServer.ScalarAsync($"SELECT string_agg(version || '=' || description, ',' ORDER BY version) FROM {schema}.posauth_schema");
        return snapshot + " | " + rows;
    }
}
