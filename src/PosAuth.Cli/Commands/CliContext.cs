namespace PosAuth.Cli.Commands;

/// <summary>Standard streams of one run, with the helpers every command shares.</summary>
internal sealed class CliContext
{
    public CliContext(string commandName, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        CommandName = commandName;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    public string CommandName { get; }

    public TextReader Stdin { get; }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>Writes <c>posauth &lt;command&gt;: message</c> to standard error and returns exit code 2.</summary>
    public int Fail(string message)
    {
        Stderr.WriteLine($"posauth {CommandName}: {message}");
        return ExitCodes.BadInput;
    }

    /// <summary>Reads the PIN: the first line of standard input, surrounding white space removed. Never echoes it.</summary>
    /// <returns>False (after writing a message) when standard input is empty.</returns>
    public bool TryReadPin(out string pin)
    {
        pin = (Stdin.ReadLine() ?? string.Empty).Trim();
        if (pin.Length == 0)
        {
            Fail("no PIN on standard input (PINs are read from standard input, one line, never from arguments).");
            return false;
        }

        return true;
    }
}
