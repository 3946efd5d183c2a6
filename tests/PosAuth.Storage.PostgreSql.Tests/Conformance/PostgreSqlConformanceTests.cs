using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage.PostgreSql.Tests.TestServer;
using PosAuth.Testing;

namespace PosAuth.Storage.PostgreSql.Tests.Conformance;

// Each fact gets a new site in the shared test database: facts and classes run in parallel without seeing each
// other's rows, and the second instance is a new data source on the same site.

public sealed class PostgreSqlOperatorStoreConformanceTests : OperatorStoreConformanceTests
{
    protected override async Task<IOperatorStore> CreateStoreAsync(TimeProvider timeProvider) =>
        new PostgreSqlOperatorStore(await PostgresTestServer.OptionsAsync());

    protected override async Task<IOperatorStore> CreateSecondStoreOverSameDataAsync(IOperatorStore first, TimeProvider timeProvider) =>
        new PostgreSqlOperatorStore(await PostgresTestServer.OptionsAsync(((PostgreSqlOperatorStore)first).Site));
}

public sealed class PostgreSqlAttemptStoreConformanceTests : AttemptStoreConformanceTests
{
    protected override async Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) =>
        new PostgreSqlAttemptStore(await PostgresTestServer.OptionsAsync());

    protected override async Task<IAttemptStore> CreateSecondStoreOverSameDataAsync(IAttemptStore first, TimeProvider timeProvider) =>
        new PostgreSqlAttemptStore(await PostgresTestServer.OptionsAsync(((PostgreSqlAttemptStore)first).Site));
}

public sealed class PostgreSqlSessionStoreConformanceTests : SessionStoreConformanceTests
{
    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider timeProvider) =>
        new PostgreSqlSessionStore(await PostgresTestServer.OptionsAsync());

    protected override async Task<ISessionStore> CreateSecondStoreOverSameDataAsync(ISessionStore first, TimeProvider timeProvider) =>
        new PostgreSqlSessionStore(await PostgresTestServer.OptionsAsync(((PostgreSqlSessionStore)first).Site));
}

public sealed class PostgreSqlAuditStoreConformanceTests : AuditStoreConformanceTests
{
    protected override async Task<IAuditStore> CreateStoreAsync(TimeProvider timeProvider) =>
        new PostgreSqlAuditStore(await PostgresTestServer.OptionsAsync());

    protected override async Task<IAuditStore> CreateSecondStoreOverSameDataAsync(IAuditStore first, TimeProvider timeProvider) =>
        new PostgreSqlAuditStore(await PostgresTestServer.OptionsAsync(((PostgreSqlAuditStore)first).Site));
}

public sealed class PostgreSqlSignInStoreConformanceTests : SignInStoreConformanceTests
{
    private readonly List<IAsyncDisposable> _stores = [];

    protected override async Task<ISignInStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        var attempts = new PostgreSqlAttemptStore(options);
        var audit = new PostgreSqlAuditStore(options);
        var operators = new PostgreSqlOperatorStore(options);
        _stores.AddRange([attempts, audit, operators]);
        return new PostgreSqlSignInStore(attempts, audit, operators);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (IAsyncDisposable store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
