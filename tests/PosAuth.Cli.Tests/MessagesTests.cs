using PosAuth.Cli.Tests.Support;

namespace PosAuth.Cli.Tests;

/// <summary>
/// The tool speaks with one voice: every message on standard error is "posauth &lt;command&gt;: ..." in the tool's own
/// words, the same input problem reads the same in every command, and no raw .NET text leaks through.
/// </summary>
public sealed class MessagesTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string[]> BadInvocations() => new()
    {
        { "12a4", ["hash"] },
        { new string('1', 65), ["hash"] },
        { "", ["hash"] },
        { "1\n2", ["hash"] },
        { "12a4", ["verify", "--hash-file", "@hash"] },
        { new string('1', 65), ["verify", "--hash-file", "@hash"] },
        { "1\n2", ["verify", "--hash-file", "@hash"] },
        { "4739", ["verify", "--hash-file", "@garbage"] },
        { "4739", ["verify", "--hash-file", "@missing"] },
        { "4739", ["verify", "--hash", "x"] },
        { "4739", ["verify"] },
        { "", ["pin-check"] },
        { "1\n2", ["pin-check"] },
        { "4739", ["pin-check", "--role", "boss"] },
        { "", ["explain"] },
        { "", ["explain", "55", "--lang", "fr"] },
        { "", ["explain", "55", "--overrides", "@missing"] },
        { "", ["unlock-response", "--suite", "OCRA-9", "--key-file", "@key", "--challenge", "1"] },
        { "", ["unlock-response", "--master-key-file", "@key", "--terminal-serial", "S", "--qr", "nope"] },
        { "", ["unlock-response", "--master-key", "00"] },
        { "", ["derive-terminal-key", "--master-key-file", "@missing", "--terminal-serial", "S", "--out", "@out"] },
        { "", ["derive-terminal-key", "--terminal-serial", "S"] },
        { "", ["hash", "--rounds", "5"] },
    };

    [Theory]
    [MemberData(nameof(BadInvocations))]
    public void EveryError_IsTheToolsOwnSentence(string stdin, string[] args)
    {
        var files = new Dictionary<string, string>
        {
            ["@hash"] = _files.Write("hash", new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739")),
            ["@garbage"] = _files.Write("garbage", "$pbkdf2-sha512$i=zz$$"),
            ["@key"] = _files.Write("key", "00112233445566778899aabbccddeeff"),
            ["@missing"] = _files.PathOf("missing"),
            ["@out"] = _files.PathOf("out"),
        };
        string[] resolved = [.. args.Select(a => files.TryGetValue(a, out string? p) ? p : a)];

        CliResult result = CliRunner.Run(stdin, resolved);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        string[] lines = result.ErrorLines;
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            Assert.StartsWith($"posauth {args[0]}: ", line, StringComparison.Ordinal);
            Assert.EndsWith(".", line, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Could not find", line, StringComparison.Ordinal);
            foreach (string leaked in new[] { ": TooLong", ": NonDigit", ": Empty", ": Malformed", ": WrongLength", "True", "False" })
            {
                Assert.DoesNotContain(leaked, line, StringComparison.Ordinal);
            }
        });
    }

    [Theory]
    [InlineData("12a4", "the PIN may contain only the digits 0-9 (full-width digits are accepted).")]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111111", "the PIN is longer than 64 digits.")]
    [InlineData("", "no PIN on standard input (PINs are read from standard input, one line, never from arguments).")]
    [InlineData("4739\n1234", "standard input has more than one line; give exactly one.")]
    public void TheSamePinProblem_ReadsTheSameInEveryCommand(string stdin, string message)
    {
        string hash = _files.Write("hash", new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739"));

        Assert.Equal(["posauth hash: " + message], CliRunner.Run(stdin, "hash", "--iterations", "10000").ErrorLines);
        Assert.Equal(["posauth verify: " + message], CliRunner.Run(stdin, "verify", "--hash-file", hash).ErrorLines);
    }
}
