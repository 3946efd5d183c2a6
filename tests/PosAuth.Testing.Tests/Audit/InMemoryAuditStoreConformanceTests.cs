
using PosAuth.Storage;
namespace PosAuth.Testing.Tests.Audit;

/// <summary>The full audit-store kit against <see cref="InMemoryAuditStore"/>.</summary>
public sealed class InMemoryAuditStoreConformanceTests : AuditStoreConformanceTests
{
    protected override Task<IAuditStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<IAuditStore>(new InMemoryAuditStore());
}
