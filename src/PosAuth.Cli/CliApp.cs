using System.Reflection;
using PosAuth.Cli.Commands;
using PosAuth.Cli.Hosting;

namespace PosAuth.Cli;

/// <summary>Entry point of the <c>posauth</c> tool, callable in-process from tests.</summary>
public static class CliApp
{
    // ---------------------------------------------------------------------------------------------
    // Command registration: the one place that lists the commands.
    // To add a command (e.g. `explain`, `unlock-response`):
    //   1. create Commands/<Name>Command.cs with an `internal sealed class <Name>Command : ICliCommand`
    //      (Name, Summary, Help text, the Options and Positionals it accepts, and Execute);
    //   2. add one `new <Name>Command(),` line below.
    // Parsing (--opt value / --opt=value / flags), unknown-option errors, `--help` for the command,
    // the command list in `posauth --help`, and exit codes (ExitCodes: 0 ok, 1 negative, 2 bad input
    // with a message on stderr via CliContext.Fail) come for free. Commands must never take a PIN
    // or any other secret as an argument: read a PIN with CliContext.TryReadPin and a key or hash with
    // CliContext.TryReadSecret (a file, - for standard input, or an environment variable).
    // ---------------------------------------------------------------------------------------------
    internal static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new HashCommand(),
        new VerifyCommand(),
        new PinCheckCommand(),
        new ExplainCommand(),
        new UnlockResponseCommand(),
        new DeriveTerminalKeyCommand(),
    ];

    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments (never a PIN).</param>
    /// <param name="stdin">Standard input, from which PINs are read.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>0 ok / match / accepted, 1 mismatch / rejected, 2 bad input.</returns>
    /// <remarks>Standard input is treated as a pipe (never as a terminal); secrets may come from the process environment.</remarks>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return Run(args, new CliHost(stdin, stdout, stderr) { GetEnvironmentVariable = Environment.GetEnvironmentVariable });
    }

    /// <summary>Runs the tool against a host (the console, or a test's streams, terminal, environment and clock).</summary>
    internal static int Run(string[] args, CliHost host)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        TextWriter stdout = host.Stdout;
        TextWriter stderr = host.Stderr;

        if (args.Length == 0)
        {
            WriteGeneralHelp(stderr);
            return ExitCodes.BadInput;
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            if (args[0] == "help" && args.Length > 1 && Find(args[1]) is { } helpFor)
            {
                WriteCommandHelp(helpFor, stdout);
            }
            else
            {
                WriteGeneralHelp(stdout);
            }

            return ExitCodes.Ok;
        }

        if (args[0] == "--version")
        {
            stdout.WriteLine(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
            return ExitCodes.Ok;
        }

        ICliCommand? command = Find(args[0]);
        if (command is null)
        {
            stderr.WriteLine($"posauth: unknown command '{args[0]}'. Run 'posauth --help' for the list.");
            return ExitCodes.BadInput;
        }

        ReadOnlySpan<string> rest = args.AsSpan(1);
        foreach (string arg in rest)
        {
            if (arg is "--help" or "-h")
            {
                WriteCommandHelp(command, stdout);
                return ExitCodes.Ok;
            }
        }

        var context = new CliContext(command.Name, host);
        string? error = CliArguments.TryParse(rest, command, out CliArguments arguments);
        if (error is not null)
        {
            return context.Fail(error + $" Run 'posauth {command.Name} --help'.");
        }

        return command.Execute(arguments, context);
    }

    private static ICliCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    private static void WriteGeneralHelp(TextWriter writer)
    {
        writer.WriteLine("posauth - PosAuth back-office tool.");
        writer.WriteLine();
        writer.WriteLine("Usage: posauth <command> [options]     posauth <command> --help");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        int width = Commands.Max(c => c.Name.Length) + 2;
        foreach (ICliCommand command in Commands)
        {
            writer.WriteLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }

        writer.WriteLine();
        writer.WriteLine("PINs are read from standard input (one line; typed without echo at a terminal),");
        writer.WriteLine("never from arguments. Keys and stored hashes are secrets too: they come from a");
        writer.WriteLine("file (one line) or an environment variable, never from arguments:");
        foreach (Input.SecretOption secret in Input.SecretOption.All)
        {
            writer.WriteLine($"  --{secret.FileOption,-17} {secret.EnvironmentVariable,-22} {secret.What}");
        }

        writer.WriteLine("Standard input and secret files are read up to 1 KiB; longer input is an error.");
        writer.WriteLine("Exit codes: 0 ok/match/accepted, 1 mismatch/rejected, 2 bad input (see stderr).");
    }

    private static void WriteCommandHelp(ICliCommand command, TextWriter writer)
    {
        writer.WriteLine(command.Help.TrimEnd());
        writer.WriteLine();
        writer.WriteLine("Options:");
        string[] left = command.Options.Select(o => o.IsFlag ? $"--{o.Name}" : $"--{o.Name} <{o.ValueName}>").Append("--help").ToArray();
        string[] right = command.Options.Select(o => o.Description).Append("Show this help.").ToArray();

        // Fit an 80-column terminal: descriptions wrap under their column; an option too long for the column
        // gets a line of its own.
        int column = Math.Min(left.Max(l => l.Length) + 4, MaxOptionColumn);
        for (int i = 0; i < left.Length; i++)
        {
            string head = "  " + left[i];
            List<string> lines = Wrap(right[i], HelpWidth - column);
            if (head.Length + 2 > column)
            {
                writer.WriteLine(head);
                head = string.Empty;
            }

            for (int j = 0; j < lines.Count; j++)
            {
                writer.WriteLine((j == 0 ? head : string.Empty).PadRight(column) + lines[j]);
            }
        }
    }

    private const int HelpWidth = 80;
    private const int MaxOptionColumn = 30;

    private static List<string> Wrap(string text, int width)
    {
        List<string> lines = [];
        string line = string.Empty;
        foreach (string word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return lines;
    }
}
