using Microsoft.Extensions.Options;
using PosAuth.Cli.Tests.Support;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;

namespace PosAuth.Cli.Tests.Commands;

public sealed class DeriveTerminalKeyCommandTests : IDisposable
{
    private const string MasterKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string KnownTerminalKeyHex = "34d227e351422ee4432739c2de57c9e3a210f4cf27c4f4286b00f496135589b4"; // src/PosAuth.OfflineUnlock/README.md

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string MasterKeyFile => _files.Write("master.hex", MasterKeyHex);

    [Fact]
    public void Derive_WritesTheKnownKey_Base64_ToANewOwnerOnlyFile_AndNeverPrintsIt()
    {
        string output = _files.PathOf("SN-0001.key");
        CliResult result = CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output);

        Assert.Equal(0, result.ExitCode);
        string base64 = Convert.ToBase64String(Convert.FromHexString(KnownTerminalKeyHex));
        Assert.Equal(base64 + "\n", File.ReadAllText(output));
        Assert.DoesNotContain(base64, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(KnownTerminalKeyHex, result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
            Assert.Equal([$"wrote the unlock key of terminal serial SN-0001 to {output} (32 bytes, base64, mode 600)"], result.Lines);
        }
    }

    [Fact]
    public void Derive_Hex_IsTheKeyUnlockResponseUsesInGenericMode()
    {
        string output = _files.PathOf("tk.hex");
        Assert.Equal(0, CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output, "--format", "hex").ExitCode);
        string session = Convert.ToHexString(OfflineUnlockCalculator.ComputeBinding("T0000001", "01"));

        CliResult generic = CliRunner.Run(null, "unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:QN08-S064", "--key-file", output, "--challenge", "12345678", "--session", session);

        Assert.Equal(KnownTerminalKeyHex + "\n", File.ReadAllText(output));
        Assert.Equal("88262185", generic.Stdout.Trim());
    }

    [Fact]
    public async Task Derive_ProvisionedKey_LetsTheTerminalAcceptTheBackOfficesResponse()
    {
        string output = _files.PathOf("SN-4711.key");
        Assert.Equal(0, CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-4711", "--out", output).ExitCode);

        // The terminal is provisioned with the file's content, as RecoveryOptions.OfflineUnlockKey takes it.
        byte[] terminalKey = Convert.FromBase64String(File.ReadAllText(output).Trim());
        await using TerminalUnlock terminal = await TerminalUnlock.StartAsync(terminalKey);
        IOfflineUnlockService service = terminal.Service;
        OfflineUnlockChallenge challenge = (await service.IssueChallengeAsync("POS0815", "00")).Value!;

        CliResult response = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-4711", "--qr", challenge.ToQrPayload());
        RecoveryResult<TemporaryPin> unlocked = await service.CompleteAsync("POS0815", "00", response.Stdout.Trim());

        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
    }

    [Fact]
    public void Derive_ExistingFile_IsKept_WithoutForce()
    {
        string output = _files.Write("existing.key", "old\n");
        CliResult result = CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"posauth derive-terminal-key: '{output}' already exists; give --force to replace it."], result.ErrorLines);
        Assert.Equal("old\n", File.ReadAllText(output));
    }

    [Fact]
    public void Derive_Force_ReplacesAWorldReadableFile_WithAnOwnerOnlyOne()
    {
        string output = _files.Write("open.key", "old\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        CliResult result = CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output, "--force");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(KnownTerminalKeyHex)) + "\n", File.ReadAllText(output));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }

        Assert.Single(Directory.GetFiles(_files.Folder, "*.key*")); // no temporary file left behind
    }

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    public void Derive_OutToTheScreen_IsRefused(string output)
    {
        CliResult result = CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(["posauth derive-terminal-key: --out must name a file: the key is never written to the screen or a pipe."], result.ErrorLines);
    }

    [Fact]
    public void Derive_MasterKeyAsAnArgument_IsRefused_AndNeverEchoed()
    {
        CliResult result = CliRunner.Run(null, "derive-terminal-key", "--master-key", MasterKeyHex, "--terminal-serial", "SN-0001", "--out", _files.PathOf("k"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--master-key is not accepted", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(MasterKeyHex, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_files.PathOf("k")));
    }

    [Theory]
    [InlineData("--length", "8", "--length must be 16 to 64 (bytes).")]
    [InlineData("--format", "pem", "--format must be base64 or hex.")]
    [InlineData("--terminal-serial", "SN 1", "--terminal-serial must be 1 to 64 printable ASCII characters without spaces, exactly as the terminal's label shows it (case matters).")]
    public void Derive_BadOption_Exits2_AndWritesNothing(string option, string value, string message)
    {
        string output = _files.PathOf("k");
        List<string> args = ["derive-terminal-key", "--master-key-file", MasterKeyFile, "--out", output];
        if (option != "--terminal-serial")
        {
            args.AddRange(["--terminal-serial", "SN-0001"]);
        }

        args.AddRange([option, value]);
        CliResult result = CliRunner.Run(null, [.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["posauth derive-terminal-key: " + message], result.ErrorLines);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Derive_Length64_WritesA64ByteKey()
    {
        string output = _files.PathOf("k64");
        Assert.Equal(0, CliRunner.Run(null, "derive-terminal-key", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--out", output, "--length", "64", "--format", "hex").ExitCode);

        Assert.Equal(Convert.ToHexStringLower(UnlockKeyDerivation.DeriveTerminalKey(Convert.FromHexString(MasterKeyHex), "SN-0001", 64)) + "\n", File.ReadAllText(output));
    }
}
