using PosAuth.Tests.Shared;

namespace PosAuth.Testing.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Testing");
}
