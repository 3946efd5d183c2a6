using System.Diagnostics;
using System.Reflection;

namespace PosAuth.Storage.Sqlite.Tests.MultiProcess;

/// <summary>Runs tests/PosAuth.Storage.Sqlite.Child with <c>dotnet &lt;dll&gt; args</c>, stdin/stdout redirected.</summary>
internal sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public static ChildProcess Start(params string[] args)
    {
        string dll = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ChildProcessPath").Value!;
        Assert.True(File.Exists(dll), "Child process not built: " + dll);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>The next stdout line; fails the test if the child ends first.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        string? line = await Process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            string error = await Process.StandardError.ReadToEndAsync(cancellationToken);
            Assert.Fail("The child process ended early: " + error);
        }

        return line;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
