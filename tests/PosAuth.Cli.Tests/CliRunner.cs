namespace PosAuth.Cli.Tests;

/// <summary>Runs the tool in-process and captures its output.</summary>
internal static class CliRunner
{
    public static CliResult Run(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliApp.Run(args, new StringReader(stdin ?? string.Empty), output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
