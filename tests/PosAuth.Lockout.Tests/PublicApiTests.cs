using PosAuth.Tests.Shared;

namespace PosAuth.Lockout.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Lockout");
}
