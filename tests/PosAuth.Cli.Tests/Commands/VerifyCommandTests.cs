using Microsoft.AspNetCore.Identity;
using PosAuth.Hashing;

namespace PosAuth.Cli.Tests.Commands;

public sealed class VerifyCommandTests
{
    private static readonly string Stored = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("730194");

    [Fact]
    public void Verify_WrongPin_PrintsMismatchAndExits1()
    {
        CliResult result = CliRunner.Run("730195\n", "verify", "--hash", Stored);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["mismatch"], result.Lines);
    }

    [Fact]
    public void Verify_FullWidthPin_Matches()
    {
        Assert.Equal(0, CliRunner.Run("７３０１９４", "verify", "--hash", Stored).ExitCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("$pbkdf2-sha512$i=1$AAAA$AAAA")]
    [InlineData("$argon2id$v=19$x$y")]
    public void Verify_GarbageHash_Exits2WithMessage(string hash)
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash", hash);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the hash cannot be used", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Verify_IdentityV3Hash_PrintsMatchAndRehashNeeded()
    {
        string identity = new PasswordHasher<object>().HashPassword(new object(), "123456");
        CliResult result = CliRunner.Run("123456", "verify", "--hash", identity);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["match", "rehash-needed"], result.Lines);
    }

    [Fact]
    public void Verify_LegacySha256Hash_PrintsMatchAndRehashNeeded()
    {
        string legacy = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92"); // SHA-256("123456")
        CliResult result = CliRunner.Run("123456", "verify", "--hash", legacy);
        Assert.Equal(["match", "rehash-needed"], result.Lines);
    }

    [Fact]
    public void Verify_WhenStdinEmpty_Exits2()
    {
        CliResult result = CliRunner.Run("", "verify", "--hash", Stored);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no PIN on standard input", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutHashOption_Exits2()
    {
        CliResult result = CliRunner.Run("730194", "verify");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--hash", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenPinGivenAsArgument_RefusesIt()
    {
        CliResult result = CliRunner.Run("", "verify", "--hash", Stored, "730194");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never from arguments", result.Stderr, StringComparison.Ordinal);
    }
}
