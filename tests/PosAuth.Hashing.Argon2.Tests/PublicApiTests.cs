using PosAuth.Tests.Shared;

namespace PosAuth.Hashing.Argon2.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedSnapshot() => PublicApiSnapshot.AssertMatchesApproved("PosAuth.Hashing.Argon2");
}
