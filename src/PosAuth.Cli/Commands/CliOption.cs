namespace PosAuth.Cli.Commands;

/// <summary>An option of a command: <c>--name value</c> (or <c>--name=value</c>), or a flag when <paramref name="ValueName"/> is null.</summary>
/// <param name="Name">The option name without dashes.</param>
/// <param name="ValueName">The placeholder for its value in help, or <see langword="null"/> for a flag.</param>
/// <param name="Description">One line of help.</param>
internal sealed record CliOption(string Name, string? ValueName, string Description)
{
    public bool IsFlag => ValueName is null;
}
