using System.Globalization;
using PosAuth.Sessions;

namespace PosAuth.Demo;

/// <summary>
/// Stands in for the acquirer host and the vendor's comm layer (ISO 8583 0800/0810 sign-in, 0820 sign-out,
/// a 0200 sale). A real terminal implements <see cref="IHostSignOn"/> over its modem or TCP link.
/// </summary>
internal sealed class SimulatedHost : IHostSignOn
{
    private int _hostBatch = 1;

    /// <summary>When set, the next sale is answered with 77 (batch number mismatch: the terminal must sign in again).</summary>
    public bool DemandSignInOnNextSale { get; set; }

    /// <summary>A line describing the last exchange, for the narration.</summary>
    public string LastExchange { get; private set; } = "";

    public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken)
    {
        _hostBatch = Math.Max(_hostBatch, request.BatchNumber) + 1;
        LastExchange = string.Create(
            CultureInfo.InvariantCulture,
            $"0800 (terminal {request.TerminalId}, operator {request.OperatorId}, network code {(int)request.NetworkManagementCode:D3}) -> 0810 response 00, batch {_hostBatch:D6}, working keys OK");
        return new(HostSignOnResult.Success(_hostBatch));
    }

    public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken)
    {
        LastExchange = string.Create(
            CultureInfo.InvariantCulture,
            $"0820 (terminal {request.TerminalId}, batch {request.BatchNumber:D6}, shift {request.ShiftNumber}, network code 002) -> 0830 response 00");
        return new(new HostSignOffResult(true, "00"));
    }

    /// <summary>Sends a sale; answers 00, or 77 once after <see cref="DemandSignInOnNextSale"/>.</summary>
    public string Sale(int batchNumber, decimal amount)
    {
        string code = DemandSignInOnNextSale ? "77" : "00";
        DemandSignInOnNextSale = false;
        LastExchange = string.Create(
            CultureInfo.InvariantCulture,
            $"0200 sale {amount:0.00} CNY, terminal batch {batchNumber:D6} -> 0210 response {code}{(code == "77" ? " (the host's batch does not match)" : "")}");
        return code;
    }
}
