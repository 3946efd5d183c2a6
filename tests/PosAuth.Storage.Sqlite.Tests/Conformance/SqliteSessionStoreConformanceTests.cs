using System.Runtime.CompilerServices;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

public sealed class SqliteSessionStoreConformanceTests(TempDirectory dir) : SessionStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly StorePaths _paths = new();

    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<ISessionStore>(_paths.Open(dir, o => new SqliteSessionStore(o)));

    protected override Task<ISessionStore> CreateSecondStoreOverSameDataAsync(ISessionStore first, TimeProvider timeProvider) =>
        Task.FromResult<ISessionStore>(_paths.Open(dir, o => new SqliteSessionStore(o), _paths.PathOf(first)));
}
