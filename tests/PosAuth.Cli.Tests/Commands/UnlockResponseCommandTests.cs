using System.Globalization;
using Microsoft.Extensions.Options;
using PosAuth.Authentication;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Operators;
using PosAuth.Recovery;
using PosAuth.Recovery.OfflineUnlock;
using PosAuth.Tests.Shared;

namespace PosAuth.Cli.Tests.Commands;

public sealed class UnlockResponseCommandTests
{
    private const string MasterKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    /// <summary>
    /// Every test vector of RFC 6287 Appendix C (C.1 one-way, C.2 mutual, C.3 signature), as the RFC writes them and
    /// as the tool takes them (a copy of the table in PosAuth.Tests/Recovery/Ocra/Rfc6287TestVectors.cs).
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
        List<string> args = ["unlock-response", "--suite", suite, "--key", key, "--challenge", challenge];
        if (counter.Length > 0)
        {
            args.AddRange(["--counter", counter]);
        }

        if (pinHash.Length > 0)
        {
            args.AddRange(["--pin-hash", pinHash]);
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
    public void UnlockResponse_MasterKeyMode_MatchesTheSdksKnownAnswer()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-0001", "--terminal", "T0000001", "--operator", "01", "--challenge", "12345678");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("88262185", result.Stdout.Trim());
        Assert.Equal(OfflineUnlockCalculator.ComputeResponseFromMaster(Convert.FromHexString(MasterKeyHex), "SN-0001", "T0000001", "01", "12345678"), result.Stdout.Trim());
    }

    [Fact]
    public async Task UnlockResponse_MasterKeyMode_UnlocksTheSdksOfflineUnlockService_EndToEnd()
    {
        var time = new FakeTimeProvider();
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(Convert.FromHexString(MasterKeyHex), "SN-4711");
        var hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 1_000, MinimumIterations = 1_000 });
        var operators = new InMemoryOperatorStore();
        await operators.TryCreateAsync(new OperatorAccount { OperatorId = "00", Role = OperatorRole.Supervisor, PinHash = hasher.Hash("739146") });
        var lockout = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(new LockoutOptions()), time);
        var service = new OfflineUnlockService(
            operators, hasher, new PinPolicy(new PinPolicyOptions(), hasher), lockout, new OfflineUnlockKeyProvider(terminalKey), [], time,
            Options.Create(new RecoveryOptions()), Options.Create(new PinPolicyOptions()), Options.Create(new AuthenticationOptions()));
        OfflineUnlockChallenge challenge = (await service.IssueChallengeAsync("POS0815", "00")).Value!;

        CliResult byFields = CliRunner.Run(null, "unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-4711", "--terminal", "POS0815", "--operator", "00", "--challenge", challenge.Challenge);
        CliResult byQr = CliRunner.Run(null, "unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-4711", "--qr", challenge.ToQrPayload());
        RecoveryResult<TemporaryPin> unlocked = await service.CompleteAsync("POS0815", "00", byFields.Stdout.Trim());

        Assert.Equal(0, byFields.ExitCode);
        Assert.Equal(byFields.Stdout, byQr.Stdout);
        Assert.True(unlocked.Succeeded, unlocked.ToString());
        unlocked.Value.Dispose();
        Assert.Equal(PinChangeReason.OfflineUnlock, (await operators.FindAsync("00"))!.MustChangePinReason);
    }

    [Fact]
    public void UnlockResponse_GenericMode_WithTheBindingAsSession_GivesTheUnlockResponse()
    {
        byte[] terminalKey = UnlockKeyDerivation.DeriveTerminalKey(Convert.FromHexString(MasterKeyHex), "SN-0001");
        string session = Convert.ToHexString(OfflineUnlockCalculator.ComputeBinding("T0000001", "01"));

        CliResult result = CliRunner.Run(null, "unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:QN08-S064", "--key", Convert.ToHexString(terminalKey), "--challenge", "12345678", "--session", session);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("88262185", result.Stdout.Trim());
    }

    [Theory]
    [InlineData("unlock-response")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "3132")]
    [InlineData("unlock-response", "--suite", "OCRA-2:HOTP-SHA1-6:QN08", "--key", "3132", "--challenge", "12345678")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "xyz1", "--challenge", "12345678")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "313", "--challenge", "12345678")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "3132", "--challenge", "1234abcd")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "3132", "--challenge", "12345678", "--counter", "1")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:C-QN08", "--key", "3132", "--challenge", "12345678", "--counter", "-1")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA512-8:QN08-T1M", "--key", "3132", "--challenge", "12345678")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA512-8:QN08-T1M", "--key", "3132", "--challenge", "12345678", "--time", "zz")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", "--key", "3132", "--challenge", "12345678", "--pin-hash", "1234")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01")]
    [InlineData("unlock-response", "--master-key", "0011", "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01", "--challenge", "12345678")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--terminal", "T:1", "--operator", "01", "--challenge", "12345678")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--terminal", "T1", "--operator", "01", "--challenge", "1234")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--qr", "POSAUTH-UNLOCK:2:T1:01:12345678")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--qr", "POSAUTH-UNLOCK:1:T1:01:12345678", "--operator", "01")]
    [InlineData("unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "SN-1", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--terminal", "T1", "--operator", "01", "--challenge", "12345678")]
    [InlineData("unlock-response", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key", "3132", "--challenge", "12345678", "--terminal", "T1")]
    public void UnlockResponse_BadInput_Exits2_WithAMessageOnStderr_AndNothingOnStdout(params string[] args)
    {
        CliResult result = CliRunner.Run(null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("posauth unlock-response: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnlockResponse_ErrorMessages_DoNotEchoTheKey()
    {
        CliResult result = CliRunner.Run(null, "unlock-response", "--master-key", MasterKeyHex, "--terminal-serial", "bad serial", "--terminal", "T1", "--operator", "01", "--challenge", "12345678");

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
        Assert.Contains("--master-key", own.Stdout, StringComparison.Ordinal);
    }
}
