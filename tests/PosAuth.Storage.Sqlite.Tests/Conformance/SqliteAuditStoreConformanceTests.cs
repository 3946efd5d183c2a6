using System.Runtime.CompilerServices;
using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Testing;

namespace PosAuth.Storage.Sqlite.Tests.Conformance;

public sealed class SqliteAuditStoreConformanceTests(TempDirectory dir) : AuditStoreConformanceTests, IClassFixture<TempDirectory>
{
    private readonly StorePaths _paths = new();

    protected override Task<IAuditStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IAuditStore>(_paths.Open(dir, o => new SqliteAuditStore(o)));

    protected override Task<IAuditStore> CreateSecondStoreOverSameDataAsync(IAuditStore first, TimeProvider timeProvider) =>
        Task.FromResult<IAuditStore>(_paths.Open(dir, o => new SqliteAuditStore(o), _paths.PathOf(first)));

    [Fact]
    public async Task AuditChain_AfterEveryKitScenario_IsValid()
    {
        var store = (SqliteAuditStore)await CreateStoreAsync(Time);
        using (store)
        {
            await store.AppendAsync(DistinctiveEvent());
            await store.AppendAsync(MinimalEvent());
            await store.ClearAsync();
            await store.AppendAsync(DistinctiveEvent());
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.True(result.IsValid);
            Assert.Equal(1, result.RecordsChecked);
        }
    }
}
