using PosAuth.Tests.Shared;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.OfflineUnlock");
}
