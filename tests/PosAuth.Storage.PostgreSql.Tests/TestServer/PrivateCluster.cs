using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PosAuth.Storage.PostgreSql.Tests.TestServer;

/// <summary>
/// A PostgreSQL cluster of its own, started with <c>eng/postgres.sh</c> in a fresh folder, for the tests that stop
/// and crash the server (so they never disturb the shared test server or other tests). Stopped and deleted afterwards.
/// </summary>
public sealed partial class PrivateCluster : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "posauth-pg-faults-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The cluster's connection string (the same database, role and password scheme as eng/postgres.sh gives).</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string output = await RunScriptAsync("start");
        Match match = ExportLine().Match(output);
        Assert.True(match.Success, "eng/postgres.sh start printed no connection string: " + output);
        ConnectionString = match.Groups[1].Value;
    }

    public async Task DisposeAsync() => await RunScriptAsync("stop");

    /// <summary>Stops the server like a power cut (<c>pg_ctl stop -m immediate</c>), keeping its data.</summary>
    public Task CrashAsync() => RunScriptAsync("crash");

    /// <summary>Starts the server again on the same port; it recovers from its WAL.</summary>
    public Task StartAsync() => RunScriptAsync("start");

    private async Task<string> RunScriptAsync(string command)
    {
        string script = typeof(PrivateCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PostgresScript").Value!;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(command);
        info.Environment["POSAUTH_PG_DIR"] = _dir;
        using Process process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            Assert.Fail($"`eng/postgres.sh {command}` failed (exit {process.ExitCode}); the fault tests need it to run a private PostgreSQL cluster (as root it installs Debian's postgresql).\n{await stderr}");
        }

        return await stdout;
    }

    [GeneratedRegex("export POSAUTH_TEST_POSTGRES='([^']*)'")]
    private static partial Regex ExportLine();
}

/// <summary>The tests that stop and crash a server: one private cluster, run one at a time after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PrivateClusterCollection : ICollectionFixture<PrivateCluster>
{
    public const string Name = "PostgreSQL server stopped and crashed";
}
