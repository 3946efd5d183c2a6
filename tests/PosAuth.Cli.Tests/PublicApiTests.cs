using PosAuth.Tests.Shared;

namespace PosAuth.Cli.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Cli");
}
