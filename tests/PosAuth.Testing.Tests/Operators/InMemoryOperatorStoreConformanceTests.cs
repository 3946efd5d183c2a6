
using PosAuth.Storage;
namespace PosAuth.Testing.Tests.Operators;

/// <summary>The full operator-store kit against <see cref="InMemoryOperatorStore"/>.</summary>
public sealed class InMemoryOperatorStoreConformanceTests : OperatorStoreConformanceTests
{
    protected override Task<IOperatorStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<IOperatorStore>(new InMemoryOperatorStore());
}
