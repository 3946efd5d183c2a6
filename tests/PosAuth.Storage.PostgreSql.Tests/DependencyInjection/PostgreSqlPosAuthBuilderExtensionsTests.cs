using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.DependencyInjection;

public sealed class PostgreSqlPosAuthBuilderExtensionsTests
{
    // The lockout policy reads its clock on every charge: the server clock samples the server at its first reading, so
    // after one charge it is synchronised exactly when the policy was given it.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UsePostgreSql_GivesTheLockoutPolicyTheServerClock_UnlessTurnedOff(bool useServerClock)
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        var services = new ServiceCollection();
        services.AddPosAuth().UsePostgreSql(options.ConnectionString!, options.Site!, o => o.UseServerClock = useServerClock).WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();
        PostgreSqlServerClock clock = provider.GetRequiredService<PostgreSqlServerClock>();
        _ = await provider.GetRequiredService<IAttemptStore>().GetAsync(new AttemptKey("T1", "01"), default); // the schema (and its clock row)

        AttemptCharge charge = await provider.GetRequiredService<ILockoutPolicy>().TryChargeAsync(new LockoutSubject("T1", "01", OperatorRole.Operator), default);

        Assert.True(charge.IsAllowed);
        Assert.Equal(useServerClock, clock.IsSynchronized);
    }

    [Fact]
    public async Task UsePostgreSql_ReplacesEveryStoreWithStoresOfTheSiteOverOneDataSource()
    {
        string connectionString = await PostgresTestServer.RequireAsync();
        string site = PostgresTestServer.NewSite();
        var services = new ServiceCollection();
        services.AddPosAuth().UsePostgreSql(connectionString, site: site);

        await using ServiceProvider provider = services.BuildServiceProvider();
        var operators = Assert.IsType<PostgreSqlOperatorStore>(provider.GetRequiredService<IOperatorStore>());
        var attempts = Assert.IsType<PostgreSqlAttemptStore>(provider.GetRequiredService<IAttemptStore>());
        var sessions = Assert.IsType<PostgreSqlSessionStore>(provider.GetRequiredService<ISessionStore>());
        var audit = Assert.IsType<PostgreSqlAuditStore>(provider.GetRequiredService<IAuditStore>());
        Assert.Same(provider.GetRequiredService<PostgreSqlAttemptStore>(), attempts);
        Assert.All(new[] { operators.Context, sessions.Context, audit.Context }, c => Assert.Same(attempts.Context, c));
        Assert.Equal(site, attempts.Site);
        Assert.Single(services, d => d.ServiceType == typeof(IAttemptStore));
    }

    [Fact]
    public async Task UsePostgreSql_TheAuthenticatorChargesIntoTheDatabase()
    {
        string connectionString = await PostgresTestServer.RequireAsync();
        string site = PostgresTestServer.NewSite();
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Hashing.Iterations = 10_000).UsePostgreSql(connectionString, site).WithoutHostSignOn();
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            IPinHasher hasher = provider.GetRequiredService<IPinHasher>();
            Assert.True(await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(
                new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("4739") }));
            IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();
            Assert.Equal(AuthenticationOutcome.WrongPin, (await authenticator.AuthenticateAsync("T0000001", "01", "1111".AsMemory())).Outcome);
        }

        await using var reopened = new PostgreSqlAttemptStore(await PostgresTestServer.OptionsAsync(site));
        Assert.Equal(1, (await reopened.GetAsync(new AttemptKey("T0000001", "01"), default))!.FailureCount);
        await using var audit = new PostgreSqlAuditStore(await PostgresTestServer.OptionsAsync(site));
        Assert.Contains(await audit.ReadAsync(), r => r.Event.Type == AuditEventType.SignInFailed);
    }

    [Fact]
    public void UsePostgreSql_CalledTwice_LastWinsAndOneRegistrationEach()
    {
        var services = new ServiceCollection();
        services.AddPosAuth()
            .UsePostgreSql("Host=one", "SITEA")
            .UsePostgreSql("Host=two", "SITEB", o => o.CommandTimeout = TimeSpan.FromSeconds(2));
        Assert.Single(services, d => d.ServiceType == typeof(IOperatorStore));
        Assert.Single(services, d => d.ServiceType == typeof(PostgreSqlOperatorStore));
        Assert.Single(services, d => d.ServiceType == typeof(PostgreSqlStoreContext));
        using ServiceProvider provider = services.BuildServiceProvider();
        PostgreSqlStoreOptions options = provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;
        Assert.Equal("SITEB", options.Site);
        Assert.Equal("Host=two", options.ConnectionString);
        Assert.Equal("SITEB", provider.GetRequiredService<PostgreSqlAttemptStore>().Site);
    }

    [Fact]
    public void UsePostgreSql_InvalidOptions_FailValidationWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddPosAuth().UsePostgreSql("Host=db", "not a site", o =>
        {
            o.Schema = "Not-Valid";
            o.CommandTimeout = TimeSpan.FromHours(1);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value);
        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public async Task UsePostgreSql_WithTheApplicationsDataSource_LeavesItOpenAfterTheProviderIsDisposed()
    {
        string connectionString = await PostgresTestServer.RequireAsync();
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        var services = new ServiceCollection();
        services.AddPosAuth().UsePostgreSql(dataSource, PostgresTestServer.NewSite());
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            IAttemptStore store = provider.GetRequiredService<IAttemptStore>();
            Assert.True(await store.TryInsertAsync(new AttemptRecord { Key = new AttemptKey("T1", "01") }, default));
            Assert.Same(dataSource, ((PostgreSqlAttemptStore)store).Context.DataSource);
        }

        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public void UsePostgreSql_ArgumentChecks()
    {
        var builder = new TestBuilder(new ServiceCollection());
        Assert.Throws<ArgumentNullException>(() => PostgreSqlPosAuthBuilderExtensions.UsePostgreSql(null!, "Host=db", "S1"));
        Assert.Throws<ArgumentException>(() => builder.UsePostgreSql(" ", "S1"));
        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSql("Host=db", null!));
        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSql((NpgsqlDataSource)null!, "S1"));
    }

    [Fact]
    public void UsePostgreSql_WithoutAddPosAuth_WorksOnAnyBuilder()
    {
        var services = new ServiceCollection();
        new TestBuilder(services).UsePostgreSql("Host=127.0.0.1", "S1");
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<PostgreSqlAttemptStore>(provider.GetRequiredService<IAttemptStore>());
    }

    private sealed class TestBuilder(IServiceCollection services) : IPosAuthBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
