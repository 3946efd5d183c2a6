using PosAuth.Lockout;
using PosAuth.Testing;

namespace PosAuth.Testing.XunitV3Consumer;

/// <summary>The one-line conformance class an integrator writes; under xunit.v3 it must not silently run 0 tests.</summary>
public sealed class InMemoryAttemptStoreTests : AttemptStoreConformanceTests
{
    protected override Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<IAttemptStore>(new InMemoryAttemptStore());
}
