namespace PosAuth.Sessions;

/// <summary>What the terminal sends in its sign-out (0820, network-management code 002).</summary>
/// <param name="TerminalId">The terminal number.</param>
/// <param name="OperatorId">The signed-in operator's code.</param>
/// <param name="BatchNumber">The batch being closed.</param>
/// <param name="ShiftNumber">The shift being closed.</param>
public sealed record HostSignOffRequest(string TerminalId, string OperatorId, int BatchNumber, int ShiftNumber)
{
    /// <summary>Always <see cref="NetworkManagementCode.SignOut"/> (002).</summary>
    public NetworkManagementCode NetworkManagementCode => NetworkManagementCode.SignOut;
}
