using PosAuth.Cli.Tests.Support;

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
        Assert.Empty(hash.Stderr);

        using var files = new TempFiles();
        CliResult verify = CliRunner.Run("123456\n", "verify", "--hash-file", files.Write("h", stored));
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(["match"], verify.Lines);
    }

    [Fact]
    public void Hash_WithLowIterations_VerifiesAsMatchWithRehashNeeded()
    {
        string stored = Assert.Single(CliRunner.Run("4739", "hash", "--iterations", "10000").Lines);
        Assert.StartsWith("$pbkdf2-sha512$i=10000$", stored, StringComparison.Ordinal);
        using var files = new TempFiles();
        Assert.Equal(["match", "rehash-needed"], CliRunner.Run("4739", "verify", "--hash-file", files.Write("h", stored)).Lines);
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
    [InlineData("12a4", "posauth hash: the PIN may contain only the digits 0-9 (full-width digits are accepted).")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345", "posauth hash: the PIN is longer than 64 digits.")]
    public void Hash_WhenPinInvalid_SaysSoInTheToolsOwnWords_WithoutEchoingIt(string pin, string message)
    {
        CliResult result = CliRunner.Run(pin, "hash", "--iterations", "10000");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
        Assert.DoesNotContain(pin, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("--iterations", "5", "posauth hash: --iterations must be a whole number from 10,000 to 10,000,000.")]
    [InlineData("--iterations", "20000000", "posauth hash: --iterations must be a whole number from 10,000 to 10,000,000.")]
    [InlineData("--iterations", "many", "posauth hash: --iterations must be a whole number from 10,000 to 10,000,000.")]
    [InlineData("--algorithm", "md5", "posauth hash: --algorithm must be sha512 or sha256.")]
    public void Hash_WhenOptionInvalid_Exits2WithTheToolsMessage(string option, string value, string message)
    {
        CliResult result = CliRunner.Run("4739", "hash", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567")]
    [InlineData("123456789")]
    public void Hash_PinLengthFitsNoRole_WarnsButHashes(string pin)
    {
        CliResult result = CliRunner.Run(pin, "hash", "--iterations", "10000");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("$pbkdf2-sha512$", Assert.Single(result.Lines), StringComparison.Ordinal);
        Assert.Equal(
            [$"posauth hash: warning: a {pin.Length}-digit PIN fits no role's PIN length (operator 4-6, supervisor 6, administrator 8 digits); 'posauth pin-check' rejects it. Hashed anyway."],
            result.ErrorLines);
    }

    [Theory]
    [InlineData("4739")]
    [InlineData("739146")]
    [InlineData("73914628")]
    public void Hash_PinLengthFitsARole_NoWarning(string pin)
    {
        CliResult result = CliRunner.Run(pin, "hash", "--iterations", "10000");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Hash_Utf8ByteOrderMark_IsIgnored()
    {
        string stored = Assert.Single(CliRunner.Run("\uFEFF4739\r\n", "hash", "--iterations", "10000").Lines);

        using var files = new TempFiles();
        Assert.Equal(["match"], CliRunner.Run("4739", "verify", "--hash-file", files.Write("h", stored)).Lines.Take(1));
    }

    [Theory]
    [InlineData("4739\n1234\n")]
    [InlineData("4739\r\n1234")]
    [InlineData("4739\n\n5")]
    public void Hash_MoreThanOneLine_IsAnError_NotSilentlyTruncated(string stdin)
    {
        CliResult result = CliRunner.Run(stdin, "hash", "--iterations", "10000");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(["posauth hash: standard input has more than one line; give exactly one."], result.ErrorLines);
    }

    [Fact]
    public void Hash_TrailingNewlinesAndSpaces_AreNotASecondLine()
    {
        Assert.Equal(0, CliRunner.Run("  4739 \n\n", "hash", "--iterations", "10000").ExitCode);
    }

    [Fact]
    public void Hash_AtATerminal_AsksTwiceWithoutEcho_AndNeverReadsThePipe()
    {
        var keys = new ScriptedKeys("47x\b39\n4739\n");
        CliResult result = CliRunner.RunWith(new CliRun { Keys = keys, Reader = new EndlessReader('9') }, "hash", "--iterations", "10000");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("$pbkdf2-sha512$i=10000$", Assert.Single(result.Lines), StringComparison.Ordinal);
        Assert.Equal("PIN: " + Environment.NewLine + "PIN again: " + Environment.NewLine, result.Stderr); // prompts only: no digit, no '*'
        using var files = new TempFiles();
        Assert.Equal(0, CliRunner.Run("4739", "verify", "--hash-file", files.Write("h", result.Lines[0])).ExitCode);
    }

    [Fact]
    public void Hash_AtATerminal_TwoDifferentPins_HashNothing()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Keys = new ScriptedKeys("4739\n4738\n") }, "hash", "--iterations", "10000");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("posauth hash: the two PINs differ; nothing was done.", result.ErrorLines);
        Assert.DoesNotContain("4739", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_AtATerminal_Escape_Cancels()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Keys = new ScriptedKeys("47\u001b") }, "hash", "--iterations", "10000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("posauth hash: cancelled; nothing was done.", result.ErrorLines);
    }

    [Fact]
    public void Hash_ManyIterations_WithStderrATerminal_ShowsProgress()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Stdin = "4739", StderrIsTerminal = true }, "hash", "--iterations", "1000000", "--algorithm", "sha256");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("$pbkdf2-sha256$i=1000000$", Assert.Single(result.Lines), StringComparison.Ordinal);
        Assert.StartsWith("posauth hash: hashing (1,000,000 iterations", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(" done in ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_ManyIterations_WithStderrRedirected_ShowsNothing()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Stdin = "4739", StderrIsTerminal = false }, "hash", "--iterations", "1000000", "--algorithm", "sha256");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Hash_FewIterations_WithStderrATerminal_ShowsNothing()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Stdin = "4739", StderrIsTerminal = true }, "hash", "--iterations", "10000");

        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Hash_WithPepper_RecordsTheKeyId_AndVerifiesOnlyWithTheKey()
    {
        using var files = new TempFiles();
        string key = files.Write("pepper", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
        CliResult hash = CliRunner.Run("4739", "hash", "--iterations", "10000", "--pepper-key-id", "k2026", "--pepper-key-file", key);

        Assert.Equal(0, hash.ExitCode);
        Assert.StartsWith("$pbkdf2-sha512$i=10000,k=k2026$", hash.Lines[0], StringComparison.Ordinal);
        string stored = files.Write("h", hash.Lines[0]);
        Assert.Equal(0, CliRunner.Run("4739", "verify", "--hash-file", stored, "--pepper-key-file", key).ExitCode);
        Assert.Equal(2, CliRunner.Run("4739", "verify", "--hash-file", stored).ExitCode);
    }

    [Fact]
    public void Hash_PepperKeyFileWithoutId_IsAnError()
    {
        using var files = new TempFiles();
        CliResult result = CliRunner.Run("4739", "hash", "--pepper-key-file", files.Write("pepper", Convert.ToBase64String(new byte[32])));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--pepper-key-id", result.Stderr, StringComparison.Ordinal);
    }
}
