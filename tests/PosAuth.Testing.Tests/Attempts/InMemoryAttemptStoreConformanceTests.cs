using PosAuth.Lockout;

namespace PosAuth.Testing.Tests.Attempts;

/// <summary>The full attempt-store kit against <see cref="InMemoryAttemptStore"/>.</summary>
public sealed class InMemoryAttemptStoreConformanceTests : AttemptStoreConformanceTests
{
    protected override Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<IAttemptStore>(new InMemoryAttemptStore());
}
