namespace PosAuth.Cli.Tests.Commands;

public sealed class HashCommandTests
{
    [Fact]
    public void Hash_ThenVerifySamePin_PrintsMatchAndExits0()
    {
        CliResult hash = CliRunner.Run("123456\n", "hash");
        Assert.Equal(0, hash.ExitCode);
        string stored = Assert.Single(hash.Lines);
        Assert.StartsWith("$pbkdf2-sha512$i=220000$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", stored, StringComparison.Ordinal);

        CliResult verify = CliRunner.Run("123456\n", "verify", "--hash", stored);
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(["match"], verify.Lines);
    }

    [Fact]
    public void Hash_WithLowIterations_VerifiesAsMatchWithRehashNeeded()
    {
        string stored = Assert.Single(CliRunner.Run("4739", "hash", "--iterations", "10000").Lines);
        Assert.StartsWith("$pbkdf2-sha512$i=10000$", stored, StringComparison.Ordinal);
        Assert.Equal(["match", "rehash-needed"], CliRunner.Run("4739", "verify", "--hash", stored).Lines);
    }

    [Fact]
    public void Hash_WithSha256AndInlineValue_UsesIt()
    {
        CliResult hash = CliRunner.Run("4739", "hash", "--iterations=10000", "--algorithm", "sha256");
        Assert.Equal(0, hash.ExitCode);
        Assert.StartsWith("$pbkdf2-sha256$i=10000$", hash.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_WhenStdinEmpty_Exits2()
    {
        CliResult result = CliRunner.Run("", "hash", "--iterations", "10000");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no PIN on standard input", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Hash_WhenPinGivenAsArgument_RefusesIt()
    {
        CliResult result = CliRunner.Run("", "hash", "123456");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never from arguments", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12a4")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public void Hash_WhenPinInvalid_Exits2WithoutEchoingIt(string pin)
    {
        CliResult result = CliRunner.Run(pin, "hash", "--iterations", "10000");
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(pin, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--iterations", "5")]
    [InlineData("--iterations", "many")]
    [InlineData("--algorithm", "md5")]
    public void Hash_WhenOptionInvalid_Exits2(string option, string value)
    {
        CliResult result = CliRunner.Run("4739", "hash", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }
}
