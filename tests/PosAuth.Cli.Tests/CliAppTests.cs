namespace PosAuth.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public void Run_WithoutArguments_PrintsUsageToStderrAndExits2()
    {
        CliResult result = CliRunner.Run(null);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Commands:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ListsEveryCommandAndExits0()
    {
        CliResult result = CliRunner.Run(null, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string name in new[] { "hash", "verify", "pin-check" })
        {
            Assert.Contains("  " + name, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("hash", "--iterations")]
    [InlineData("verify", "--hash")]
    [InlineData("pin-check", "--role")]
    public void Run_CommandHelp_ShowsUsageAndOptions(string command, string option)
    {
        CliResult result = CliRunner.Run(null, command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: posauth " + command, result.Stdout, StringComparison.Ordinal);
        Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownCommand_Exits2WithMessage()
    {
        CliResult result = CliRunner.Run(null, "frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_Exits2WithMessage()
    {
        CliResult result = CliRunner.Run("1234", "hash", "--rounds", "5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--rounds'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_HaveUniqueNames()
    {
        Assert.Equal(CliApp.Commands.Count, CliApp.Commands.Select(c => c.Name).Distinct().Count());
    }
}
