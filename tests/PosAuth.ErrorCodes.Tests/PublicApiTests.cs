using PosAuth.Tests.Shared;

namespace PosAuth.ErrorCodes.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.ErrorCodes");
}
