using System.Diagnostics;

namespace PosAuth.Testing.Tests.XunitV3;

/// <summary>
/// Under xunit.v3 the kit's xunit 2 facts are not discovered (the project used to build without a warning and run 0
/// tests). The kit's buildTransitive targets now fail such a build. This builds the xunit.v3 consumer project in
/// tests/PosAuth.Testing.XunitV3Consumer (not in the solution, on purpose) and checks the error.
/// </summary>
public sealed class XunitV3ConsumerBuildTests
{
    [Fact]
    public async Task Build_OfAnXunitV3ProjectConsumingTheKit_FailsWithPosAuth0001()
    {
        string root = RepositoryRoot();
        string project = Path.Combine(root, "tests", "PosAuth.Testing.XunitV3Consumer", "PosAuth.Testing.XunitV3Consumer.csproj");
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/

        // The kit is already built for this run: do not rebuild src/ while other test assemblies run from it.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (string arg in new[] { "build", project, "-c", configuration, "-p:BuildProjectReferences=false", "-nologo", "-v:q" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process build = Process.Start(start)!;
        Task<string> stdout = build.StandardOutput.ReadToEndAsync();
        Task<string> stderr = build.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // against a hung build, not a wait
        await build.WaitForExitAsync(guard.Token);
        string output = await stdout + await stderr;

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error POSAUTH0001", output, StringComparison.Ordinal);
        Assert.Contains("supports xunit 2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", output, StringComparison.Ordinal); // it failed on the check, not on compiling
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "PosAuth.Sdk.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("PosAuth.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
