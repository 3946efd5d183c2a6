using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PosAuth.Cli.Tests.Support;
using PosAuth.Hashing;

namespace PosAuth.Cli.Tests.Commands;

public sealed class VerifyCommandTests : IDisposable
{
    private static readonly string Stored = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("730194");
    private static readonly byte[] PepperKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string HashFile(string hash) => _files.Write("hash-" + Guid.NewGuid().ToString("N"), hash + "\n");

    [Fact]
    public void Verify_WrongPin_PrintsMismatchAndExits1()
    {
        CliResult result = CliRunner.Run("730195\n", "verify", "--hash-file", HashFile(Stored));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["mismatch"], result.Lines);
    }

    [Fact]
    public void Verify_FullWidthPin_Matches()
    {
        Assert.Equal(0, CliRunner.Run("７３０１９４", "verify", "--hash-file", HashFile(Stored)).ExitCode);
    }

    [Fact]
    public void Verify_HashFromTheEnvironment_Matches()
    {
        CliResult result = CliRunner.RunWith(new CliRun { Stdin = "730194", Environment = new Dictionary<string, string> { ["POSAUTH_PIN_HASH"] = Stored } }, "verify");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["match", "rehash-needed"], result.Lines);
    }

    [Fact]
    public void Verify_HashAsAnArgument_IsRefused_WithoutEchoingIt()
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash", Stored);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("--hash is not accepted", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--hash-file <file>", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("POSAUTH_PIN_HASH", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Stored, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashAsAnInlineArgument_IsRefused_WithoutEchoingIt()
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash=" + Stored);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(Stored, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashFileDash_IsRefused_BecauseStdinCarriesThePin()
    {
        CliResult result = CliRunner.Run(Stored + "\n730194", "verify", "--hash-file", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("standard input carries the PIN", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("$pbkdf2-sha512$i=1$AAAA$AAAA")]
    [InlineData("$argon2id$v=19$x$y")]
    public void Verify_GarbageHash_Exits2WithMessage(string hash)
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", HashFile(hash));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("posauth verify: the hash cannot be used: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Verify_HashFileWithTwoLines_IsAnError()
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", HashFile(Stored + "\n" + Stored));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has more than one line", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashFileMissing_SaysSo()
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", _files.PathOf("nope"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"posauth verify: the stored PIN hash: the file '{_files.PathOf("nope")}' does not exist."], result.ErrorLines);
    }

    [Fact]
    public void Verify_IdentityV3Hash_PrintsMatchAndRehashNeeded()
    {
        string identity = new PasswordHasher<object>().HashPassword(new object(), "123456");
        CliResult result = CliRunner.Run("123456", "verify", "--hash-file", HashFile(identity));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["match", "rehash-needed"], result.Lines);
    }

    [Fact]
    public void Verify_LegacySha256Hash_PrintsMatchAndRehashNeeded()
    {
        string legacy = LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92"); // SHA-256("123456")
        CliResult result = CliRunner.Run("123456", "verify", "--hash-file", HashFile(legacy));
        Assert.Equal(["match", "rehash-needed"], result.Lines);
    }

    /// <summary>Every form the help lists, made by the tool that makes it, verifies; and the help names every form.</summary>
    public static TheoryData<string, string> EveryListedForm() => new()
    {
        { "$pbkdf2-sha512$i=<iterations>[,k=<key id>]$<salt>$<hash>", new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("123456") },
        { "(also pbkdf2-sha256)", new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000, Algorithm = Pbkdf2Algorithm.Sha256 }).Hash("123456") },
        { "ASP.NET Core Identity v3", new PasswordHasher<object>().HashPassword(new object(), "123456") },
        { "ASP.NET Core Identity v2", new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 })).HashPassword(new object(), "123456") },
        { "$legacy-md5$<32 hex digits>", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, "e10adc3949ba59abbe56e057f20f883e") },
        { "$legacy-sha1$<40 hex digits>", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha1, "7c4a8d09ca3762af61e59520943dc26494f8941b") },
        { "$legacy-sha256$<64 hex digits>", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Sha256, "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92") },
        { "$legacy-<md5|sha1|sha256>$salt=<base64>,pos=prefix|suffix$<hex>", LegacyHashImporter.FromHexDigest(LegacyDigestAlgorithm.Md5, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("salt123456"u8)), "salt", LegacySaltPosition.Prefix) },
    };

    [Theory]
    [MemberData(nameof(EveryListedForm))]
    public void VerifyHelp_ListsEveryAcceptedForm_AndEachVerifies(string listed, string hash)
    {
        CliResult help = CliRunner.Run(null, "verify", "--help");
        CliResult verify = CliRunner.Run("123456", "verify", "--hash-file", HashFile(hash));

        Assert.Contains(listed, help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal("match", verify.Lines[0]);
    }

    [Fact]
    public void Verify_PepperedHash_MatchesWithThePepperKeyFromAFile()
    {
        string peppered = PepperedHash("k1", "730194");
        string key = _files.Write("pepper", Convert.ToBase64String(PepperKey));

        CliResult right = CliRunner.Run("730194", "verify", "--hash-file", HashFile(peppered), "--pepper-key-file", key);
        CliResult wrong = CliRunner.Run("730195", "verify", "--hash-file", HashFile(peppered), "--pepper-key-file", key);

        Assert.Equal(0, right.ExitCode);
        Assert.Equal("match", right.Lines[0]);
        Assert.Equal(1, wrong.ExitCode);
    }

    [Fact]
    public void Verify_PepperedHash_MatchesWithThePepperKeyFromTheEnvironment()
    {
        string peppered = PepperedHash("k1", "730194");
        CliResult result = CliRunner.RunWith(
            new CliRun { Stdin = "730194", Environment = new Dictionary<string, string> { ["POSAUTH_PEPPER_KEY"] = Convert.ToBase64String(PepperKey) } },
            "verify", "--hash-file", HashFile(peppered), "--pepper-key-id", "k1");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Verify_PepperedHash_WithAnotherKey_IsAMismatch()
    {
        string peppered = PepperedHash("k1", "730194");
        string other = _files.Write("other", Convert.ToBase64String(new byte[32]));

        Assert.Equal(1, CliRunner.Run("730194", "verify", "--hash-file", HashFile(peppered), "--pepper-key-file", other).ExitCode);
    }

    [Fact]
    public void Verify_PepperedHash_WithoutTheKey_NamesTheKeyIdAndTheWaysToGiveIt()
    {
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", HashFile(PepperedHash("k1", "730194")));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["posauth verify: the hash is peppered with key 'k1': give the pepper key with --pepper-key-file <file>, or set POSAUTH_PEPPER_KEY."], result.ErrorLines);
    }

    [Fact]
    public void Verify_PepperedHash_WithAnotherKeyId_SaysWhichOneItNeeds()
    {
        string key = _files.Write("pepper", Convert.ToBase64String(PepperKey));
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", HashFile(PepperedHash("k1", "730194")), "--pepper-key-file", key, "--pepper-key-id", "k2");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["posauth verify: the hash was made with pepper key 'k1', not 'k2'."], result.ErrorLines);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAECAwQFBgcICQoLDA0O")] // 15 bytes
    public void Verify_BadPepperKey_Exits2_WithoutEchoingIt(string keyText)
    {
        string key = _files.Write("pepper", keyText);
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", HashFile(PepperedHash("k1", "730194")), "--pepper-key-file", key);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the pepper key must be base64 of at least 16 bytes", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(keyText, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345", "posauth verify: the PIN is longer than 64 digits.")]
    [InlineData("73o194", "posauth verify: the PIN may contain only the digits 0-9 (full-width digits are accepted).")]
    public void Verify_InvalidPin_SaysSoInTheToolsOwnWords(string pin, string message)
    {
        CliResult result = CliRunner.Run(pin, "verify", "--hash-file", HashFile(Stored));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
    }

    [Fact]
    public void Verify_WhenStdinEmpty_Exits2()
    {
        CliResult result = CliRunner.Run("", "verify", "--hash-file", HashFile(Stored));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no PIN on standard input", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutHash_SaysWhereToPutIt()
    {
        CliResult result = CliRunner.Run("730194", "verify");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["posauth verify: the stored PIN hash is missing: put it in a file and give --hash-file <file>, or set POSAUTH_PIN_HASH."], result.ErrorLines);
    }

    [Fact]
    public void Verify_WhenPinGivenAsArgument_RefusesIt()
    {
        CliResult result = CliRunner.Run("", "verify", "--hash-file", HashFile(Stored), "730194");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never from arguments", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashFileReadableByOthers_Warns()
    {
        string path = _files.Write("open-hash", Stored, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        CliResult result = CliRunner.Run("730194", "verify", "--hash-file", path);

        Assert.Equal(0, result.ExitCode);
        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(result.Stderr); // no Unix modes to check
        }
        else
        {
            Assert.Equal([$"posauth verify: warning: '{path}' can be read by other users (mode 644); restrict it with chmod 600."], result.ErrorLines);
        }
    }

    private static string PepperedHash(string keyId, string pin)
    {
        var pepper = new OptionsPinPepperProvider(new PinPepperOptions { CurrentKeyId = keyId, Keys = { [keyId] = Convert.ToBase64String(PepperKey) } });
        return new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 10_000 }, pepper).Hash(pin);
    }
}
