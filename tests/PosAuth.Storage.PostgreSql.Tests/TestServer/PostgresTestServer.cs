using Npgsql;

namespace PosAuth.Storage.PostgreSql.Tests.TestServer;

/// <summary>
/// The PostgreSQL server the tests run against: the connection string in <c>POSAUTH_TEST_POSTGRES</c>. A test that
/// needs it and does not find it (or cannot reach it) FAILS with instructions; nothing here ever skips.
/// </summary>
internal static class PostgresTestServer
{
    public const string EnvironmentVariable = "POSAUTH_TEST_POSTGRES";

    public const string HowToStart =
        "Start a private server with `eval \"$(eng/postgres.sh start)\"` (it sets " + EnvironmentVariable +
        "), or run every test with `bash eng/test.sh` (it starts and stops one for you). To use your own server, set " +
        EnvironmentVariable + " to an Npgsql connection string of a role that may create schemas.";

    private static readonly Lazy<Task<string?>> s_problem = new(() => FindProblemAsync(Environment.GetEnvironmentVariable(EnvironmentVariable)));

    /// <summary>The test connection string (a pool of at most 20 per data source), or a failed test saying how to start the server.</summary>
    public static async Task<string> RequireAsync()
    {
        string? problem = await s_problem.Value.ConfigureAwait(false);
        if (problem is not null)
        {
            Assert.Fail(problem);
        }

        return ForTests(Environment.GetEnvironmentVariable(EnvironmentVariable)!);
    }

    /// <summary>Why <paramref name="connectionString"/> cannot be used, with instructions, or <see langword="null"/> when it works.</summary>
    public static async Task<string?> FindProblemAsync(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"The PostgreSQL tests need a server, and {EnvironmentVariable} is not set. {HowToStart}";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return $"The PostgreSQL server in {EnvironmentVariable} cannot be reached ({ex.GetType().Name}: {ex.Message}). {HowToStart}";
        }
    }

    /// <summary>A new site id: 16 random ASCII letters and digits, so parallel tests never share rows.</summary>
    public static string NewSite() => "S" + Guid.NewGuid().ToString("N")[..15];

    /// <summary>A new schema name, for tests that need an empty or specially prepared schema.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Options of a store on a new site of the default schema (or the given ones).</summary>
    public static async Task<PostgreSqlStoreOptions> OptionsAsync(string? site = null, string? schema = null)
    {
        string connectionString = await RequireAsync().ConfigureAwait(false);
        return new PostgreSqlStoreOptions
        {
            ConnectionString = connectionString,
            Site = site ?? NewSite(),
            Schema = schema ?? PostgreSqlStoreOptions.DefaultSchema,
        };
    }

    /// <summary>A raw connection to the test database, for arranging and checking from outside the stores.</summary>
    public static async Task<NpgsqlConnection> OpenRawAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(await RequireAsync().ConfigureAwait(false)) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs one statement on a raw connection and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using NpgsqlConnection connection = await OpenRawAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    private static string ForTests(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 20 }.ConnectionString;
}
