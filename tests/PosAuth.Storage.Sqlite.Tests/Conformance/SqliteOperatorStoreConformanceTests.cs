using System.Runtime.CompilerServices;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

public sealed class SqliteOperatorStoreConformanceTests(TempDirectory dir) : OperatorStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly StorePaths _paths = new();

    protected override Task<IOperatorStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IOperatorStore>(_paths.Open(dir, o => new SqliteOperatorStore(o)));

    protected override Task<IOperatorStore> CreateSecondStoreOverSameDataAsync(IOperatorStore first, TimeProvider timeProvider) =>
        Task.FromResult<IOperatorStore>(_paths.Open(dir, o => new SqliteOperatorStore(o), _paths.PathOf(first)));
}
