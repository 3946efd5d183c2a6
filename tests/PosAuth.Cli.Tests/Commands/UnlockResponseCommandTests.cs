using System.Globalization;
using Microsoft.Extensions.Options;
using PosAuth.Cli.Tests.Support;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.OfflineUnlock;

namespace PosAuth.Cli.Tests.Commands;

public sealed class UnlockResponseCommandTests : IDisposable
{
    private const string MasterKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private readonly TempFiles _files = new();

    private string MasterKeyFile => _files.Write("master.hex", MasterKeyHex + "\n");

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Every test vector of RFC 6287 Appendix C (C.1 one-way, C.2 mutual, C.3 signature), as the RFC writes them and
    /// as the tool takes them (a copy of the table in PosAuth.OfflineUnlock.Tests/Ocra/Rfc6287TestVectors.cs).
    /// Rows: suite, key (hex), counter (decimal), challenge, PIN hash (hex), time (hex), expected response; "" = unused.
    /// </summary>
    public static TheoryData<string, string, string, string, string, string, string> Rfc6287Vectors
    {
        get
        {
            const string key20 = "3132333435363738393031323334353637383930";
            const string key32 = "3132333435363738393031323334353637383930313233343536373839303132";
            const string key64 = "31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334";
            const string pinHash = "7110eda4d09e062aa5e4a390b0a572ac0d2c0220";
            const string time = "132d0b6";
            var rows = new TheoryData<string, string, string, string, string, string, string>();
            static string Repeat(int digit) => new((char)('0' + digit), 8);
            static string Dec(int i) => i.ToString(CultureInfo.InvariantCulture);

            string[] c1a = ["237653", "243178", "653583", "740991", "608993", "388898", "816933", "224598", "750600", "294470"];
            string[] c1b = ["65347737", "86775851", "78192410", "71565254", "10104329", "65983500", "70069104", "91771096", "75011558", "08522129"];
            string[] c1d = ["07016083", "63947962", "70123924", "25341727", "33203315", "34205738", "44343969", "51946085", "20403879", "31409299"];
            for (int i = 0; i < 10; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA1-6:QN08", key20, "", Repeat(i), "", "", c1a[i]);
                rows.Add("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", key32, Dec(i), "12345678", pinHash, "", c1b[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:C-QN08", key64, Dec(i), Repeat(i), "", "", c1d[i]);
            }

            string[] c1c = ["83238735", "01501458", "17957585", "86776967", "86807031"];
            string[] c1e = ["95209754", "55907591", "22048402", "24218844", "36209546"];
            string[] c2a = ["28247970", "01984843", "65387857", "03351211", "83412541"];
            string[] c2b = ["15510767", "90175646", "33777207", "95285278", "28934924"];
            string[] c2c = ["79496648", "76831980", "12250499", "90856481", "12761449"];
            string[] c2d = ["18806276", "70020315", "01600026", "18951020", "32528969"];
            string[] c3a = ["53095496", "04110475", "31331128", "76028668", "46554205"];
            string[] c3b = ["77537423", "31970405", "10235557", "95213541", "65360607"];
            for (int i = 0; i < 5; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA256-8:QN08-PSHA1", key32, "", Repeat(i), pinHash, "", c1c[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QN08-T1M", key64, "", Repeat(i), "", time, c1e[i]);
                string cli = $"CLI2222{i}";
                string srv = $"SRV1111{i}";
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", key32, "", cli + srv, "", "", c2a[i]);
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", key32, "", srv + cli, "", "", c2b[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA08", key64, "", cli + srv, "", "", c2c[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA08-PSHA1", key64, "", srv + cli, pinHash, "", c2d[i]);
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", key32, "", $"SIG1{i}000", "", "", c3a[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA10-T1M", key64, "", $"SIG1{i}00000", "", time, c3b[i]);
            }

            return rows;
        }
    }

    [Fact]
    public void Rfc6287Vectors_CoverAllOfAppendixC()
    {
        Assert.Equal(30 + 40, Rfc6287Vectors.Count);
        Assert.Equal(9, Rfc6287Vectors.Select(r => (string)r[0]).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rfc6287Vectors))]
    public void UnlockResponse_ReproducesEveryRfc6287AppendixCVector(string suite, string key, string counter, string challenge, string pinHash, string time, string expected)
    {
        List<string> args = ["unlock-response", "--suite", suite, "--key-file", _files.Write("key.hex", key), "--challenge", challenge];
        if (counter.Length > 0)
        {
            args.AddRange(["--counter", counter]);
        }

        if (pinHash.Length > 0)
        {
            args.AddRange(["--pin-hash-file", _files.Write("pin-hash.hex", pinHash)]);
        }

        if (time.Length > 0)
        {
            args.AddRange(["--time", time]);
        }

        CliResult result = CliRunner.Run(null, [.. args]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected + Environment.NewLine, result.Stdout); // the response alone
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void UnlockResponse_GenericMode_KeyAndPinHashFromTheEnvironment()
    {
        CliResult result = CliRunner.RunWith(
            new CliRun
            {
                Environment = new Dictionary<string, string>
                {
                    ["POSAUTH_OCRA_KEY"] = "3132333435363738393031323334353637383930313233343536373839303132",
                    ["POSAUTH_OCRA_PIN_HASH"] = "7110eda4d09e062aa5e4a390b0a572ac0d2c0220",
                },
            },
            "unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", "--counter", "0", "--challenge", "12345678");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("65347737", result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_GenericMode_KeyFromStandardInput()
    {
        CliResult result = CliRunner.Run("3132333435363738393031323334353637383930\n", "unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "-", "--challenge", "0000 0000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2376 53", result.Stdout.Trim()); // grouped like the challenge: in runs of its first group's length
    }

    [Fact]
    public void UnlockResponse_MasterKeyMode_MatchesTheSdksKnownAnswer()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("88262185", result.Stdout.Trim());
        Assert.Equal(OfflineUnlockCalculator.ComputeResponseFromMaster(Convert.FromHexString(MasterKeyHex), "SN-0001", "T0000001", "01", "12345678"), result.Stdout.Trim());
    }

    [Theory]
    [InlineData("1234 5678", "8826 2185")]
    [InlineData("1234-5678", "8826-2185")]
    [InlineData("12 34 56 78", "88 26 21 85")]
    [InlineData(" 1234  5678 ", "8826  2185")]
    [InlineData("12345678", "88262185")]
    [InlineData("１２３４ ５６７８", "8826 2185")]
    public void UnlockResponse_TakesTheChallengeAsTheTerminalShowsIt_AndGroupsTheResponseTheSameWay(string challenge, string expected)
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", challenge);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected + Environment.NewLine, result.Stdout);
    }

    [Fact]
    public void UnlockResponse_TenDigitChallengeInFives_GroupsTheEightDigitResponseInFives()
    {
        string expected = OfflineUnlockCalculator.ComputeResponseFromMaster(Convert.FromHexString(MasterKeyHex), "SN-0001", "T0000001", "01", "1234567890");
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345 67890");

        Assert.Equal(expected[..5] + " " + expected[5..], result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_Qr_PrintsTheResponseInGroupsOfFour()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--qr", "POSAUTH-UNLOCK:1:T0000001:01:12345678");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("8826 2185", result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_QrFromStandardInput()
    {
        CliResult result = CliRunner.Run("POSAUTH-UNLOCK:1:T0000001:01:12345678\n", "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-0001", "--qr", "-");

        Assert.Equal("8826 2185", result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_OnlyOneValueMayComeFromStandardInput()
    {
        CliResult result = CliRunner.Run(MasterKeyHex, "unlock-response", "--master-key-file", "-", "--terminal-serial", "SN-0001", "--qr", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only one value can come from standard input", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlockResponse_MasterKeyFromTheEnvironment()
    {
        CliResult result = CliRunner.RunWith(
            new CliRun { Environment = new Dictionary<string, string> { ["POSAUTH_MASTER_KEY"] = MasterKeyHex } },
            "unlock-response", "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal("88262185", result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_MasterKeyFromStandardInput()
    {
        CliResult result = CliRunner.Run(MasterKeyHex + "\n", "unlock-response", "--master-key-file", "-", "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal("88262185", result.Stdout.Trim());
    }

    [Fact]
    public void UnlockResponse_MasterKeyTypedAtATerminal_IsNotEchoed()
    {
        CliResult result = CliRunner.RunWith(
            new CliRun { Keys = new ScriptedKeys(MasterKeyHex + "\n") },
            "unlock-response", "--master-key-file", "-", "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal("88262185", result.Stdout.Trim());
        Assert.Equal("Vendor master key: " + Environment.NewLine, result.Stderr);
    }

    [Theory]
    [InlineData("--master-key", MasterKeyHex)]
    [InlineData("--master-key=" + MasterKeyHex)]
    public void UnlockResponse_MasterKeyAsAnArgument_IsRefused_AndNeverEchoed(params string[] keyArgs)
    {
        CliResult result = CliRunner.Run(null, [.. new[] { "unlock-response" }, .. keyArgs, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("--master-key is not accepted", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--master-key-file <file>", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("POSAUTH_MASTER_KEY", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(MasterKeyHex, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--key", "3132333435363738393031323334353637383930", "--key-file")]
    [InlineData("--pin-hash", "7110eda4d09e062aa5e4a390b0a572ac0d2c0220", "--pin-hash-file")]
    public void UnlockResponse_OcraSecretsAsArguments_AreRefused_AndNeverEchoed(string option, string secret, string instead)
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", option, secret, "--challenge", "12345678");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(option + " is not accepted", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(instead + " <file>", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UnlockResponse_MasterKeyFileThatNeverEnds_IsRejectedAfterABoundedRead()
    {
        string endless = OperatingSystem.IsWindows() ? _files.Write("big", new string('0', 4 << 20)) : "/dev/zero";
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", endless, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"posauth unlock-response: the vendor master key: the file '{endless}' is longer than 1,024 characters; it must hold one short line."], result.ErrorLines);
    }

    [Fact]
    public void UnlockResponse_MasterKeyFileNotHex_SaysSo_WithoutEchoingIt()
    {
        string secret = "correct horse battery staple, not hex";
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", _files.Write("bad", secret), "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["posauth unlock-response: the vendor master key must be at least 16 bytes in hexadecimal (32 or more of 0-9, a-f; nothing else on the line)."], result.ErrorLines);
        Assert.DoesNotContain("horse", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlockResponse_WithoutOptions_ExplainsTheBackOfficeModeFirst()
    {
        CliResult result = CliRunner.Run(null, "unlock-response");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        string[] lines = result.Stderr.Split(Environment.NewLine);
        Assert.Equal("posauth unlock-response: the unlock response for a locked terminal. You need:", lines[0]);
        int masterKey = result.Stderr.IndexOf("--master-key-file", StringComparison.Ordinal);
        int serial = result.Stderr.IndexOf("--terminal-serial", StringComparison.Ordinal);
        int qr = result.Stderr.IndexOf("--qr", StringComparison.Ordinal);
        int generic = result.Stderr.IndexOf("--suite", StringComparison.Ordinal);
        Assert.True(masterKey > 0 && serial > masterKey && qr > serial && generic > qr, result.Stderr);
        Assert.Contains("label", result.Stderr, StringComparison.Ordinal); // where the serial comes from
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void UnlockResponse_Help_PutsTheBackOfficeModeFirst_AndSaysWhereTheSerialComesFrom()
    {
        CliResult help = CliRunner.Run(null, "unlock-response", "--help");
        string text = string.Join(' ', help.Stdout.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(0, help.ExitCode);
        Assert.True(help.Stdout.IndexOf("--master-key-file", StringComparison.Ordinal) < help.Stdout.IndexOf("--suite", StringComparison.Ordinal));
        Assert.Contains("on the label under the terminal and in its system-information screen", text, StringComparison.Ordinal);
        Assert.Contains("the QR payload do not carry it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlockResponse_OnlyAChallenge_SaysWhatElseTheBackOfficeNeeds()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--challenge", "1234 5678");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["posauth unlock-response: missing --terminal-serial <SN> (from the terminal's label or system-information screen), --terminal, --operator. Run 'posauth unlock-response' without options for what the back office needs."],
            result.ErrorLines);
    }

    [Fact]
    public async Task UnlockResponse_MasterKeyMode_UnlocksTheSdksOfflineUnlockService_EndToEnd()
    {
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(Convert.FromHexString(MasterKeyHex), "SN-4711");
        await using TerminalUnlock terminal = await TerminalUnlock.StartAsync(terminalKey);
        IOfflineUnlockService service = terminal.Service;
        OfflineUnlockChallenge challenge = (await service.IssueChallengeAsync("POS0815", "00")).Value!;
        string shown = challenge.Challenge[..4] + " " + challenge.Challenge[4..]; // as the terminal displays it

        CliResult byFields = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-4711", "--terminal", "POS0815", "--operator", "00", "--challenge", shown);
        CliResult byQr = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "SN-4711", "--qr", challenge.ToQrPayload());
        RecoveryResult<TemporaryPin> unlocked = await service.CompleteAsync("POS0815", "00", byFields.Stdout.Trim()); // typed with the space

        Assert.Equal(0, byFields.ExitCode);
        Assert.Equal(byFields.Stdout, byQr.Stdout);
        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
        Assert.Equal(PinChangeReason.OfflineUnlock, (await terminal.Operators.FindAsync("00"))!.MustChangePinReason);
    }

    [Fact]
    public void UnlockResponse_GenericMode_WithTheBindingAsSession_GivesTheUnlockResponse()
    {
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(Convert.FromHexString(MasterKeyHex), "SN-0001");
        string session = Convert.ToHexString(OfflineUnlockCalculator.ComputeBinding("T0000001", "01"));

        CliResult result = CliRunner.Run(null, "unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:QN08-S064", "--key-file", _files.Write("tk.hex", Convert.ToHexString(terminalKey)), "--challenge", "12345678", "--session", session);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("88262185", result.Stdout.Trim());
    }

    public static TheoryData<string[], string> BadInputs() => new()
    {
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@key"], "missing --challenge." },
        { ["--suite", "OCRA-2:HOTP-SHA1-6:QN08", "--key-file", "@key", "--challenge", "12345678"], "--suite is not an RFC 6287 OCRA suite: the OCRA suite must start with 'OCRA-1:HOTP-' (version 1, HOTP crypto function)." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@bad", "--challenge", "12345678"], "the OCRA key must be hexadecimal: an even number of 0-9, a-f, nothing else on the line." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@odd", "--challenge", "12345678"], "the OCRA key must be hexadecimal: an even number of 0-9, a-f, nothing else on the line." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@key", "--challenge", "1234abcd"], "--challenge must be 1 to 16 decimal digits for this suite (spaces and dashes are ignored)." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@key", "--challenge", "12345678", "--counter", "1"], "the suite has no counter (C): leave out --counter." },
        { ["--suite", "OCRA-1:HOTP-SHA256-8:C-QN08", "--key-file", "@key", "--challenge", "12345678"], "the suite uses a counter (C): give --counter <decimal>." },
        { ["--suite", "OCRA-1:HOTP-SHA256-8:C-QN08", "--key-file", "@key", "--challenge", "12345678", "--counter", "-1"], "--counter must be a decimal number (0 to 18446744073709551615)." },
        { ["--suite", "OCRA-1:HOTP-SHA512-8:QN08-T1M", "--key-file", "@key", "--challenge", "12345678"], "the suite uses a timestamp (T): give --time <hex time steps since the Unix epoch>." },
        { ["--suite", "OCRA-1:HOTP-SHA512-8:QN08-T1M", "--key-file", "@key", "--challenge", "12345678", "--time", "zz"], "--time must be hexadecimal (time steps since the Unix epoch, e.g. 132d0b6)." },
        { ["--suite", "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", "--key-file", "@key", "--challenge", "12345678", "--pin-hash-file", "@short"], "the OCRA PIN hash must be the SHA-1 hash of the PIN: 20 bytes, 40 hexadecimal digits (never the PIN itself)." },
        { ["--suite", "OCRA-1:HOTP-SHA256-8:QN08", "--key-file", "@key", "--challenge", "12345678", "--pin-hash-file", "@key"], "the suite has no PIN hash (P): leave out --pin-hash-file." },
        { ["--suite", "OCRA-1:HOTP-SHA256-8:QN08-S064", "--key-file", "@key", "--challenge", "12345678"], "the suite uses session information (S064): give --session <hex>." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--challenge", "12345678"], "the OCRA key is missing: put it in a file and give --key-file <file> (- reads standard input), or set POSAUTH_OCRA_KEY." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01"], "missing --challenge. Run 'posauth unlock-response' without options for what the back office needs." },
        { ["--master-key-file", "@short", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01", "--challenge", "12345678"], "the vendor master key must be at least 16 bytes in hexadecimal (32 or more of 0-9, a-f; nothing else on the line)." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T:1", "--operator", "01", "--challenge", "12345678"], "--terminal must be 1 to 16 ASCII letters or digits: the terminal id the unlock screen shows." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T-1", "--operator", "01", "--challenge", "12345678"], "--terminal must be 1 to 16 ASCII letters or digits: the terminal id the unlock screen shows." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "0 1", "--challenge", "12345678"], "--operator must be 1 to 16 ASCII letters or digits: the operator number (e.g. 00, 01)." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01234567890123456", "--challenge", "12345678"], "--operator must be 1 to 16 ASCII letters or digits: the operator number (e.g. 00, 01)." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01", "--challenge", "1234"], "--challenge must be the 6 to 12 digits the terminal shows (spaces and dashes are ignored)." },
        { ["--master-key-file", "@master", "--terminal-serial", "bad serial", "--terminal", "T1", "--operator", "01", "--challenge", "12345678"], "--terminal-serial must be 1 to 64 printable ASCII characters without spaces, exactly as the terminal's label shows it (case matters)." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--qr", "POSAUTH-UNLOCK:2:T1:01:12345678"], "--qr is not a PosAuth unlock payload: expected POSAUTH-UNLOCK:1:<terminal>:<operator>:<challenge>, as the terminal's QR code holds it." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--qr", "POSAUTH-UNLOCK:1:T1:01:12345678", "--operator", "01"], "give either --qr or --terminal, --operator and --challenge, not both." },
        { ["--master-key-file", "@master", "--terminal-serial", "SN-1", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--terminal", "T1", "--operator", "01", "--challenge", "12345678"], "--master-key-file belongs to the back-office mode and --suite to the generic OCRA mode; use one. Run 'posauth unlock-response --help'." },
        { ["--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-file", "@key", "--challenge", "12345678", "--terminal", "T1"], "--terminal belongs to the back-office mode and --suite to the generic OCRA mode; use one. Run 'posauth unlock-response --help'." },
        { ["--master-key-file", "@missing", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01", "--challenge", "12345678"], "the vendor master key: the file '@missing' does not exist." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void UnlockResponse_BadInput_Exits2_WithTheToolsOwnMessage_AndNothingOnStdout(string[] args, string message)
    {
        var files = new Dictionary<string, string>
        {
            ["@key"] = _files.Write("key.hex", "3132333435363738393031323334353637383930"),
            ["@bad"] = _files.Write("bad.hex", "xyz1"),
            ["@odd"] = _files.Write("odd.hex", "313"),
            ["@master"] = MasterKeyFile,
            ["@short"] = _files.Write("short.hex", "0011"),
            ["@missing"] = _files.PathOf("missing.hex"),
        };
        string[] resolved = [.. args.Select(a => files.TryGetValue(a, out string? path) ? path : a)];

        CliResult result = CliRunner.Run(null, ["unlock-response", .. resolved]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(["posauth unlock-response: " + message.Replace("@missing", files["@missing"], StringComparison.Ordinal)], result.ErrorLines);
    }

    [Fact]
    public void UnlockResponse_ErrorMessages_DoNotEchoTheKey()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key-file", MasterKeyFile, "--terminal-serial", "bad serial", "--terminal", "T1", "--operator", "01", "--challenge", "12345678");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(MasterKeyHex, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UnlockResponse_IsListedInHelp()
    {
        CliResult help = CliRunner.Run(null, "--help");
        CliResult own = CliRunner.Run(null, "unlock-response", "--help");

        Assert.Contains("unlock-response", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, own.ExitCode);
        Assert.Contains("--master-key-file", own.Stdout, StringComparison.Ordinal);
    }
}
