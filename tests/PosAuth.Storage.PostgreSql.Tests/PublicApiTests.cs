using PosAuth.Tests.Shared;

namespace PosAuth.Storage.PostgreSql.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Storage.PostgreSql");
}
