using PosAuth.Cli.Input;
using PosAuth.Cli.Tests.Support;

namespace PosAuth.Cli.Tests.Input;

public sealed class TerminalReaderTests
{
    [Theory]
    [InlineData("4739\n", "4739")]
    [InlineData("47x\b39\n", "4739")]
    [InlineData("99\u001599\b\b4739\n", "4739")]
    [InlineData("４７３９\n", "４７３９")] // full-width digits reach the PIN check unchanged (it maps them)
    public void TryReadLine_ReadsWhatWasTyped_AndEchoesNothingButThePrompt(string keys, string expected)
    {
        var prompt = new StringWriter();
        InputError error = TerminalReader.TryReadLine(new ScriptedKeys(keys), prompt, "PIN: ", out SecretText? text);

        Assert.Equal(InputError.None, error);
        Assert.Equal(expected, text!.ToString());
        Assert.Equal("PIN: " + Environment.NewLine, prompt.ToString());
    }

    [Theory]
    [InlineData("\u001b")]
    [InlineData("47\u001b")]
    [InlineData("\u0004")]
    public void TryReadLine_EscapeOrCtrlDOnAnEmptyLine_Cancels(string keys)
    {
        Assert.Equal(InputError.Cancelled, TerminalReader.TryReadLine(new ScriptedKeys(keys), new StringWriter(), "PIN: ", out _));
    }

    [Fact]
    public void TryReadLine_MoreThanTheBound_IsTooLong_AndStopsStoring()
    {
        var keys = new ScriptedKeys(new string('1', BoundedInput.MaxChars + 50) + "\n");

        Assert.Equal(InputError.TooLong, TerminalReader.TryReadLine(keys, new StringWriter(), "PIN: ", out SecretText? text));
        Assert.Null(text);
    }

    [Fact]
    public void TryReadLine_JustEnter_IsEmpty()
    {
        Assert.Equal(InputError.Empty, TerminalReader.TryReadLine(new ScriptedKeys("\n"), new StringWriter(), "PIN: ", out _));
    }
}
