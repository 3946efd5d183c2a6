using PosAuth.Tests.Shared;

namespace PosAuth.Sessions.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Sessions");
}
