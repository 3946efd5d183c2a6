namespace PosAuth.Cli;

/// <summary>Entry point of the <c>posauth</c> tool, callable in-process from tests.</summary>
public static class CliApp
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments (never a PIN).</param>
    /// <param name="stdin">Standard input, from which PINs are read.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>0 ok / match / accepted, 1 mismatch / rejected, 2 bad input.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine("posauth: no commands yet");
        return 2;
    }
}
