namespace PosAuth.Cli.Tests.Commands;

public sealed class PinCheckCommandTests
{
    [Theory]
    [InlineData("1234", "operator", "Sequence")]
    [InlineData("0000", "operator", "AllSameDigit")]
    [InlineData("2580", "operator", "KeypadPattern")]
    [InlineData("147258", "supervisor", "KeypadPattern")]
    [InlineData("123123", "supervisor", "RepeatedBlock")]
    [InlineData("112233", "supervisor", "RepeatedBlock")]
    [InlineData("13579", "operator", "Sequence")]
    [InlineData("12345678", "admin", "Sequence")]
    public void PinCheck_WeakPin_PrintsRejectedWithCodesAndExits1(string pin, string role, string code)
    {
        CliResult result = CliRunner.Run(pin + "\n", "pin-check", "--role", role);
        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Lines);
        Assert.StartsWith("rejected: ", line, StringComparison.Ordinal);
        Assert.Contains(code, line.Substring("rejected: ".Length).Split(", "));
    }

    [Fact]
    public void PinCheck_1234_PrintsExactCodes()
    {
        Assert.Equal(["rejected: Sequence, CommonPin"], CliRunner.Run("1234", "pin-check").Lines);
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("supervisor")]
    public void PinCheck_RandomLookingPin_PrintsAcceptedAndExits0(string role)
    {
        CliResult result = CliRunner.Run("730194\n", "pin-check", "--role", role);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["accepted"], result.Lines);
    }

    [Fact]
    public void PinCheck_WhenLengthWrongForRole_RejectsTooShort()
    {
        Assert.Equal(["rejected: TooShort"], CliRunner.Run("730194", "pin-check", "--role", "admin").Lines);
    }

    [Fact]
    public void PinCheck_WhenPinEqualsOperatorId_Rejects()
    {
        Assert.Equal(["rejected: EqualsOperatorId"], CliRunner.Run("4739", "pin-check", "--operator-id", "4739").Lines);
    }

    [Fact]
    public void PinCheck_WhenStdinEmpty_Exits2()
    {
        CliResult result = CliRunner.Run("", "pin-check");
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }

    [Fact]
    public void PinCheck_WhenRoleUnknown_Exits2()
    {
        Assert.Equal(2, CliRunner.Run("730194", "pin-check", "--role", "cashier").ExitCode);
    }

    [Fact]
    public void PinCheck_WhenPinGivenAsArgument_RefusesIt()
    {
        CliResult result = CliRunner.Run("", "pin-check", "1234");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never from arguments", result.Stderr, StringComparison.Ordinal);
    }
}
