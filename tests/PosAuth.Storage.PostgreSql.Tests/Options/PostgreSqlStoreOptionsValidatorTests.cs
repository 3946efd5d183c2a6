using Microsoft.Extensions.Options;
using Npgsql;

namespace PosAuth.Storage.PostgreSql.Tests.Options;

public sealed class PostgreSqlStoreOptionsValidatorTests
{
    private static PostgreSqlStoreOptions Valid() => new() { ConnectionString = "Host=127.0.0.1;Database=posauth", Site = "SH0001" };

    [Fact]
    public void Valid_Passes() => Assert.Empty(PostgreSqlStoreOptionsValidator.Collect(Valid()));

    [Fact]
    public void EveryProblem_IsReportedInOneResult()
    {
        var options = new PostgreSqlStoreOptions
        {
            Site = "a-b",
            Schema = "Bad Name",
            CommandTimeout = TimeSpan.Zero,
            AuditChainKey = [1, 2, 3],
        };
        ValidateOptionsResult result = new PostgreSqlStoreOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public async Task BothConnectionStringAndDataSource_AreRefused()
    {
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        PostgreSqlStoreOptions options = Valid();
        options.DataSource = dataSource;
        Assert.Single(PostgreSqlStoreOptionsValidator.Collect(options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SH-0001")]
    [InlineData("SH 0001")]
    [InlineData("12345678901234567")]
    [InlineData("店0001")]
    [InlineData("ＳＨ１")]
    public void MalformedSite_IsRefused(string site)
    {
        PostgreSqlStoreOptions options = Valid();
        options.Site = site;
        Assert.Single(PostgreSqlStoreOptionsValidator.Collect(options));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("SH0001")]
    [InlineData("1234567890123456")]
    public void WellFormedSite_IsAccepted(string site)
    {
        PostgreSqlStoreOptions options = Valid();
        options.Site = site;
        Assert.Empty(PostgreSqlStoreOptionsValidator.Collect(options));
    }

    [Theory]
    [InlineData("posauth", true)]
    [InlineData("_x9", true)]
    [InlineData("chain_2026", true)]
    [InlineData("Posauth", false)]
    [InlineData("9lives", false)]
    [InlineData("pos\"auth", false)]
    [InlineData("pos;drop", false)]
    [InlineData("", false)]
    public void Schema_IsAPlainLowerCaseIdentifier(string schema, bool valid) =>
        Assert.Equal(valid, PostgreSqlStoreOptionsValidator.IsValidSchema(schema));

    [Fact]
    public void SchemaLongerThan63_IsRefused() => Assert.False(PostgreSqlStoreOptionsValidator.IsValidSchema(new string('a', 64)));

    [Theory]
    [InlineData(999)]
    [InlineData(600_001)]
    public void CommandTimeoutOutOfRange_IsRefused(int milliseconds)
    {
        PostgreSqlStoreOptions options = Valid();
        options.CommandTimeout = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Single(PostgreSqlStoreOptionsValidator.Collect(options));
    }

    [Fact]
    public void BrokenConnectionString_IsReportedWithoutRepeatingIt()
    {
        PostgreSqlStoreOptions options = Valid();
        options.ConnectionString = "Host=db;Password=hunter2secret;No Such Key=1";
        string error = Assert.Single(PostgreSqlStoreOptionsValidator.Collect(options));
        Assert.DoesNotContain("hunter2secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreWithoutDi_ValidatesItsOptions()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new PostgreSqlAttemptStore(new PostgreSqlStoreOptions()));
        Assert.Equal(2, ex.Failures.Count());
    }
}
