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
        foreach (string name in new[] { "hash", "verify", "pin-check", "explain", "unlock-response", "derive-terminal-key" })
        {
            Assert.Contains("  " + name, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_Help_NamesEverySecretSource_AndFits80Columns()
    {
        CliResult result = CliRunner.Run(null, "--help");

        foreach (PosAuth.Cli.Input.SecretOption secret in PosAuth.Cli.Input.SecretOption.All)
        {
            Assert.Contains($"--{secret.FileOption}", result.Stdout, StringComparison.Ordinal);
            Assert.Contains(secret.EnvironmentVariable, result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("never from arguments", result.Stdout, StringComparison.Ordinal);
        Assert.All(result.Stdout.Split(Environment.NewLine), line => Assert.True(line.Length <= 80, line));
    }

    public static TheoryData<string> CommandNames() => [.. CliApp.Commands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void CommandHelp_Fits80Columns_CountingWideCharactersAsTwo(string name)
    {
        CliResult result = CliRunner.Run(null, name, "--help");

        Assert.All(result.Stdout.Split(Environment.NewLine), line => Assert.True(PosAuth.Cli.Output.DisplayWidth.Of(line) <= 80, line));
    }

    [Fact]
    public void PublicRun_ReadsSecretsFromTheProcessEnvironment()
    {
        // The public entry point is the real process: its environment is the process environment. (No other test
        // reads it: the runner gives every other run its own environment.)
        const string name = "POSAUTH_OCRA_KEY";
        Environment.SetEnvironmentVariable(name, "3132333435363738393031323334353637383930");
        try
        {
            var stdout = new StringWriter();
            int exit = CliApp.Run(["unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--challenge", "00000000"], new StringReader(""), stdout, new StringWriter());

            Assert.Equal(0, exit);
            Assert.Equal("237653", stdout.ToString().Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("hash", "--iterations")]
    [InlineData("verify", "--hash-file")]
    [InlineData("explain", "--lang")]
    [InlineData("unlock-response", "--master-key-file")]
    [InlineData("derive-terminal-key", "--out")]
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
