using PosAuth.Cli.Hosting;
using PosAuth.Testing;

namespace PosAuth.Cli.Tests;

/// <summary>Runs the tool in-process and captures its output.</summary>
internal static class CliRunner
{
    /// <summary>Runs with <paramref name="stdin"/> as piped standard input, an empty environment and no terminal.</summary>
    public static CliResult Run(string? stdin, params string[] args) => RunWith(new CliRun { Stdin = stdin }, args);

    public static CliResult RunWith(CliRun run, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(run.Reader ?? new StringReader(run.Stdin ?? string.Empty), output, error)
        {
            Terminal = run.Keys,
            StderrIsTerminal = run.StderrIsTerminal,
            GetEnvironmentVariable = name => run.Environment.TryGetValue(name, out string? value) ? value : null,
            Time = run.Time ?? new ManualTimeProvider(),
        };
        int exit = CliApp.Run(args, host);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What a test gives the tool: standard input (text or a reader), a terminal, the environment, the clock.</summary>
internal sealed class CliRun
{
    public string? Stdin { get; init; }

    public TextReader? Reader { get; init; }

    public IKeyReader? Keys { get; init; }

    public bool StderrIsTerminal { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeProvider? Time { get; init; }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
