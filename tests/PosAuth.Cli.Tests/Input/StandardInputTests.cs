using PosAuth.Cli.Input;
using PosAuth.Cli.Tests.Support;

namespace PosAuth.Cli.Tests.Input;

/// <summary>
/// <c>cat /dev/zero | posauth hash</c> once grew to 5 GB in 8 s: standard input is read up to 1 KiB, then rejected
/// with exit 2, whatever the command and whatever the stream.
/// </summary>
public sealed class StandardInputTests
{
    public static TheoryData<string[]> PinCommands() => new()
    {
        new[] { "hash", "--iterations", "10000" },
        new[] { "pin-check" },
    };

    [Theory]
    [MemberData(nameof(PinCommands))]
    public void EndlessZeros_AreRejectedAfterABoundedRead(string[] args)
    {
        var stdin = new EndlessReader('\0');
        CliResult result = CliRunner.RunWith(new CliRun { Reader = stdin }, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal([$"posauth {args[0]}: standard input is longer than 1,024 characters; it must hold one short line."], result.ErrorLines);
        Assert.InRange(stdin.Served, 1, BoundedInput.MaxChars + 2);
    }

    [Fact]
    public void EndlessDigitsWithoutANewline_AreRejectedAfterABoundedRead()
    {
        var stdin = new EndlessReader('1');
        CliResult result = CliRunner.RunWith(new CliRun { Reader = stdin }, "hash", "--iterations", "10000");

        Assert.Equal(2, result.ExitCode);
        Assert.InRange(stdin.Served, 1, BoundedInput.MaxChars + 2);
    }

    [Fact]
    public void AGoodLineFollowedByEndlessInput_IsRejected_NotTruncatedToTheFirstLine()
    {
        var stdin = new EndlessReader('7', prefix: "4739\n");
        CliResult result = CliRunner.RunWith(new CliRun { Reader = stdin }, "pin-check");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.InRange(stdin.Served, 1, BoundedInput.MaxChars + 2);
    }

    [Fact]
    public void Verify_EndlessStdin_IsRejectedAfterABoundedRead()
    {
        using var files = new TempFiles();
        string hash = files.Write("h", new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739"));
        var stdin = new EndlessReader('\0');
        CliResult result = CliRunner.RunWith(new CliRun { Reader = stdin }, "verify", "--hash-file", hash);

        Assert.Equal(2, result.ExitCode);
        Assert.InRange(stdin.Served, 1, BoundedInput.MaxChars + 2);
    }

    [Fact]
    public void ExactlyTheBound_IsStillReadAsOneLine()
    {
        using var text = Read(new string(' ', BoundedInput.MaxChars - 4) + "4739", out InputError error);

        Assert.Equal(InputError.None, error);
        Assert.Equal("4739", text!.ToString());
    }

    [Fact]
    public void ByteOrderMarkPlusTheBound_IsStillReadAsOneLine()
    {
        using var text = Read("\uFEFF" + new string(' ', BoundedInput.MaxChars - 4) + "4739", out InputError error);

        Assert.Equal(InputError.None, error);
    }

    [Fact]
    public void OneCharacterOverTheBound_IsTooLong()
    {
        using var text = Read(new string(' ', BoundedInput.MaxChars - 3) + "4739", out InputError error);

        Assert.Equal(InputError.TooLong, error);
        Assert.Null(text);
    }

    [Theory]
    [InlineData("\uFEFF4739", "4739")]
    [InlineData("4739\r\n", "4739")]
    [InlineData("\t 4739 \n\n\n", "4739")]
    public void Line_IsTrimmed_AndTheByteOrderMarkIgnored(string input, string expected)
    {
        using var text = Read(input, out InputError error);

        Assert.Equal(InputError.None, error);
        Assert.Equal(expected, text!.ToString());
    }

    [Theory]
    [InlineData("4739\n1234", nameof(InputError.MoreThanOneLine))]
    [InlineData("4739\r1234", nameof(InputError.MoreThanOneLine))]
    [InlineData("", nameof(InputError.Empty))]
    [InlineData(" \n \n", nameof(InputError.Empty))]
    [InlineData("\uFEFF", nameof(InputError.Empty))]
    public void Line_Errors(string input, string expected)
    {
        using var text = Read(input, out InputError error);

        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void File_WithTwoLines_IsAnError()
    {
        using var files = new TempFiles();
        Assert.Equal(InputError.MoreThanOneLine, BoundedInput.TryReadFile(files.Write("two", "aa\nbb\n"), out _));
    }

    [Fact]
    public void File_WithAByteOrderMark_IsRead()
    {
        using var files = new TempFiles();
        string path = files.PathOf("bom");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b', (byte)'\n']);

        Assert.Equal(InputError.None, BoundedInput.TryReadFile(path, out SecretText? text));
        using (text)
        {
            Assert.Equal("ab", text!.ToString());
        }
    }

    [Fact]
    public void File_NotUtf8_IsAnError()
    {
        using var files = new TempFiles();
        string path = files.PathOf("latin1");
        File.WriteAllBytes(path, [0xFF, 0xFE, 0x41]);

        Assert.Equal(InputError.NotUtf8, BoundedInput.TryReadFile(path, out _));
    }

    [Fact]
    public void File_TooBig_IsTooLong()
    {
        using var files = new TempFiles();
        Assert.Equal(InputError.TooLong, BoundedInput.TryReadFile(files.Write("big", new string('a', 1 << 20)), out _));
    }

    [Fact]
    public void File_Directory_IsAnError()
    {
        using var files = new TempFiles();
        Assert.Equal(InputError.IsDirectory, BoundedInput.TryReadFile(files.Folder, out _));
    }

    [Fact]
    public void SecretText_Dispose_ClearsTheBuffer()
    {
        char[] buffer = "xx4739".ToCharArray();
        var text = new SecretText(buffer, 2, 4);
        Assert.Equal("4739", text.ToString());

        text.Dispose();

        Assert.All(buffer, c => Assert.Equal('\0', c));
        Assert.Equal(0, text.Length);
    }

    private static SecretText? Read(string input, out InputError error)
    {
        error = BoundedInput.TryRead(new StringReader(input), out SecretText? text);
        return text;
    }
}
