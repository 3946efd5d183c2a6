namespace PosAuth.Sessions;

/// <summary>What the terminal sends in its sign-in (0800): terminal number, operator code (field 63), batch number and network-management code (field 60), shift.</summary>
/// <param name="TerminalId">The terminal number.</param>
/// <param name="OperatorId">The signed-in operator's code.</param>
/// <param name="BatchNumber">The terminal's current batch number (0 to 999999).</param>
/// <param name="ShiftNumber">The current shift number.</param>
/// <param name="NetworkManagementCode">001, 003 or 004.</param>
public sealed record HostSignOnRequest(string TerminalId, string OperatorId, int BatchNumber, int ShiftNumber, NetworkManagementCode NetworkManagementCode);
