using PosAuth.Sessions;

namespace PosAuth.Testing.Tests.Sessions;

/// <summary>The full session-store kit against <see cref="InMemorySessionStore"/>.</summary>
public sealed class InMemorySessionStoreConformanceTests : SessionStoreConformanceTests
{
    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult<ISessionStore>(new InMemorySessionStore());
}
