using System.Reflection;

namespace PosAuth.Cli.Tests;

public sealed class PackageDependencyTests
{
    [Fact]
    public void Tool_ReferencesHashingErrorCodesAndOfflineUnlock_NotTheSdkCore()
    {
        // The back-office tool needs no container, store or session: only these three packages, and the role enum of
        // PosAuth.Abstractions that PosAuth.Hashing brings (pin-check --role).
        string[] posAuth = [.. typeof(CliApp).Assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => n.StartsWith("PosAuth", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

        Assert.Equal(["PosAuth.Abstractions", "PosAuth.ErrorCodes", "PosAuth.Hashing", "PosAuth.OfflineUnlock"], posAuth);
    }
}
