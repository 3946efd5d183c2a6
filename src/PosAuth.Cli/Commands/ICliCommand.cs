namespace PosAuth.Cli.Commands;

/// <summary>One <c>posauth</c> sub-command. Implementations live one per file in this folder and are registered in <see cref="CliApp"/>.</summary>
internal interface ICliCommand
{
    /// <summary>The word after <c>posauth</c>, e.g. <c>hash</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Usage line and details for <c>posauth &lt;name&gt; --help</c> (without the options table).</summary>
    string Help { get; }

    /// <summary>The options the command accepts (anything else is an error, exit 2).</summary>
    IReadOnlyList<CliOption> Options { get; }

    /// <summary>Names of positional arguments, in order (for help and to reject extras). Empty when none are allowed.</summary>
    IReadOnlyList<string> Positionals { get; }

    /// <summary>
    /// The message for an option the command no longer accepts (a secret that used to be an argument), or
    /// <see langword="null"/> to report it as unknown. Never echo the value.
    /// </summary>
    /// <param name="name">The option name without dashes.</param>
    string? RemovedOptionMessage(string name) => null;

    /// <summary>Runs the command.</summary>
    /// <param name="arguments">The parsed arguments (already checked against <see cref="Options"/> and <see cref="Positionals"/>).</param>
    /// <param name="context">Standard streams and helpers.</param>
    /// <returns>The exit code: <see cref="ExitCodes"/>.</returns>
    int Execute(CliArguments arguments, CliContext context);
}
