using System.Reflection;

namespace PosAuth.OfflineUnlock.Tests;

public sealed class PackageDependencyTests
{
    [Fact]
    public void Assembly_ReferencesOnlyTheBaseClassLibrary()
    {
        // A back office takes this package alone: it must not pull in the SDK core, Microsoft.Extensions.* or anything else.
        AssemblyName[] references = typeof(OcraGenerator).Assembly.GetReferencedAssemblies();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(
            r.Name is "System.Runtime" or "netstandard" || r.Name!.StartsWith("System.", StringComparison.Ordinal),
            $"PosAuth.OfflineUnlock references {r.Name}"));
    }
}
