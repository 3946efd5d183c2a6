using Npgsql;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Options;

/// <summary>
/// The data source a connection string gets (issue 13's profile): statements prepared once per physical connection and
/// kept across pool returns, no reset statement on each return, one generic plan each; a setting the connection string
/// makes itself is kept.
/// </summary>
public sealed class DataSourceSettingsTests
{
    private static NpgsqlConnectionStringBuilder Built(string connectionString)
    {
        using PostgreSqlStoreContext context = PostgreSqlStoreContext.Create(new PostgreSqlStoreOptions { ConnectionString = connectionString, Site = "SH0001" });
        return new NpgsqlConnectionStringBuilder(context.DataSource.ConnectionString);
    }

    [Fact]
    public void ConnectionString_GetsPreparedStatementsKeptAcrossPoolReturnsAndGenericPlans()
    {
        NpgsqlConnectionStringBuilder built = Built("Host=127.0.0.1;Database=posauth;Username=lane");
        Assert.Equal((32, true, "-c plan_cache_mode=force_generic_plan"), (built.MaxAutoPrepare, built.NoResetOnClose, built.Options));
    }

    [Fact]
    public void ConnectionString_ThatSetsThemItself_KeepsItsOwnValues()
    {
        NpgsqlConnectionStringBuilder built = Built("Host=127.0.0.1;Database=posauth;Max Auto Prepare=5;No Reset On Close=false;Options=-c search_path=pos");
        Assert.Equal((5, false, "-c search_path=pos"), (built.MaxAutoPrepare, built.NoResetOnClose, built.Options));
    }

    [Fact]
    public async Task RepeatedReads_ArePreparedOnTheServerAndStayPreparedAfterThePoolReturn()
    {
        // One physical connection, so every call and the check below share its session. Npgsql prepares a statement
        // on its fifth use (AutoPrepareMinUsages).
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        options.ConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var operators = new PostgreSqlOperatorStore(options);
        for (int i = 0; i < 8; i++)
        {
            Assert.Null(await operators.FindAsync("07"));
        }

        await using NpgsqlConnection connection = await operators.Context.DataSource.OpenConnectionAsync();
        await using NpgsqlCommand prepared = new("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM %operators WHERE%'", connection);
        Assert.Equal(1L, (long)(await prepared.ExecuteScalarAsync())!);
        await using NpgsqlCommand plan = new("SHOW plan_cache_mode", connection);
        Assert.Equal("force_generic_plan", (string)(await plan.ExecuteScalarAsync())!);
    }
}
