using PosAuth.Tests.Shared;

namespace PosAuth.BackOffice.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.BackOffice");
}
