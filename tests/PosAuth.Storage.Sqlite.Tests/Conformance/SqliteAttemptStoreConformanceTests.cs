using System.Runtime.CompilerServices;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

public sealed class SqliteAttemptStoreConformanceTests(TempDirectory dir) : AttemptStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly StorePaths _paths = new();

    protected override Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAttemptStore>(_paths.Open(dir, o => new SqliteAttemptStore(o)));

    protected override Task<IAttemptStore> CreateSecondStoreOverSameDataAsync(IAttemptStore first, TimeProvider timeProvider) =>
        Task.FromResult<IAttemptStore>(_paths.Open(dir, o => new SqliteAttemptStore(o), _paths.PathOf(first)));
}
