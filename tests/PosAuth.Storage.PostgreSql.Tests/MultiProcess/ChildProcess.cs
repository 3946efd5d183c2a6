using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace PosAuth.Storage.PostgreSql.Tests.MultiProcess;

/// <summary>
/// Runs tests/PosAuth.Storage.PostgreSql.Child with <c>dotnet &lt;dll&gt; args</c>. The connection string goes in the
/// environment (POSAUTH_CHILD_POSTGRES), never on the command line. Every stdout line is kept; tests wait for a condition
/// over the lines so far (woken by each new line, no sleeping).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _reader;
    private bool _ended;

    private ChildProcess(Process process)
    {
        Process = process;
        _reader = Task.Run(ReadAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public static ChildProcess Start(string connectionString, params string[] args)
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

        info.Environment["POSAUTH_CHILD_POSTGRES"] = connectionString;
        return new ChildProcess(Process.Start(info)!);
    }

    public async Task SendAsync(string line)
    {
        await Process.StandardInput.WriteLineAsync(line);
        await Process.StandardInput.FlushAsync();
    }

    /// <summary>A copy of every line so far.</summary>
    public string[] Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the lines so far; fails if the child ends first.</summary>
    public async Task<string[]> WaitUntilAsync(Func<string[], bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            string[] lines;
            bool ended;
            lock (_lines)
            {
                lines = [.. _lines];
                ended = _ended;
            }

            if (condition(lines))
            {
                return lines;
            }

            if (ended)
            {
                Assert.Fail("The child process ended early. stderr:\n" + Errors() + "\nlast lines:\n" + string.Join("\n", lines.TakeLast(10)));
            }

            await _changed.WaitAsync(cancellationToken);
        }
    }

    public string Errors()
    {
        lock (_errors)
        {
            return _errors.ToString();
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await Process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }

            _changed.Release();
        }

        lock (_lines)
        {
            _ended = true;
        }

        _changed.Release();
    }
}
