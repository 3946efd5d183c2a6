using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

/// <summary>The sign-in store kit over <see cref="SqliteSignInStore"/>: the operator read and the charge in one transaction.</summary>
public sealed class SqliteSignInStoreConformanceTests(TempDirectory dir) : SignInStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly List<IDisposable> _stores = [];

    protected override Task<ISignInStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var options = new SqliteStoreOptions { DatabasePath = dir.NewDatabasePath() };
        var attempts = new SqliteAttemptStore(options);
        var audit = new SqliteAuditStore(options);
        var operators = new SqliteOperatorStore(options);
        _stores.AddRange([attempts, audit, operators]);
        return Task.FromResult<ISignInStore>(new SqliteSignInStore(options, attempts, audit, operators));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (IDisposable store in _stores)
        {
            store.Dispose();
        }
    }
}
