namespace PosAuth.Cli.Hosting;

/// <summary>
/// What the process gives the tool: the standard streams, whether standard input and standard error are terminals,
/// the environment and the clock. <see cref="FromConsole"/> describes the real process; tests build their own.
/// </summary>
internal sealed class CliHost
{
    public CliHost(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    public TextReader Stdin { get; }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>Reads keys without echo when standard input is an interactive terminal; <see langword="null"/> when it is a pipe or a file.</summary>
    public IKeyReader? Terminal { get; init; }

    /// <summary>Whether standard error is an interactive terminal (progress is shown only then).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>Looks up an environment variable; <see langword="null"/> when it is not set.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>The clock (progress only).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The real process: console streams, terminal detection, the process environment.</summary>
    public static CliHost FromConsole() =>
        new(Console.In, Console.Out, Console.Error)
        {
            Terminal = Console.IsInputRedirected ? null : new ConsoleKeyReader(),
            StderrIsTerminal = !Console.IsErrorRedirected,
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        };
}
