namespace PosAuth.Cli.Commands;

/// <summary>The tool's exit codes (DESIGN.md contract).</summary>
internal static class ExitCodes
{
    /// <summary>OK / match / accepted.</summary>
    public const int Ok = 0;

    /// <summary>Mismatch / rejected.</summary>
    public const int Negative = 1;

    /// <summary>Bad input or usage; a message is on standard error.</summary>
    public const int BadInput = 2;
}
