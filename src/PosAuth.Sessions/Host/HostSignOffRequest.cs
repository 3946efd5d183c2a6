namespace PosAuth.Sessions;

/// <summary>What the terminal sends in its sign-out (0820, network-management code 002).</summary>
/// <param name="TerminalId">The terminal number.</param>
/// <param name="OperatorId">The signed-in operator's code.</param>
/// <param name="BatchNumber">The batch being closed.</param>
/// <param name="ShiftNumber">The shift being closed.</param>
public sealed record HostSignOffRequest(string TerminalId, string OperatorId, int BatchNumber, int ShiftNumber)
{
    /// <summary>Always <see cref="NetworkManagementCode.SignOut"/> (002).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Public API: the message's code is read from the request like HostSignOnRequest.NetworkManagementCode; a static member could not be read from an instance.")]
    public NetworkManagementCode NetworkManagementCode => NetworkManagementCode.SignOut;
}
