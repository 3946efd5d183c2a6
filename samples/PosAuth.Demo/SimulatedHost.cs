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

    /// <summary>The last exchange, described for the narration in Chinese and English.</summary>
    public (string Zh, string En) LastExchange { get; private set; } = ("", "");

    public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken)
    {
        _hostBatch = Math.Max(_hostBatch, request.BatchNumber) + 1;
        int code = (int)request.NetworkManagementCode;
        LastExchange = (
            Invariant($"0800（终端 {request.TerminalId}，操作员 {request.OperatorId}，网络管理码 {code:D3}）-> 0810 应答码 00，批次 {_hostBatch:D6}，工作密钥校验通过"),
            Invariant($"0800 (terminal {request.TerminalId}, operator {request.OperatorId}, network code {code:D3}) -> 0810 response 00, batch {_hostBatch:D6}, working keys OK"));
        return new(HostSignOnResult.Success(_hostBatch));
    }

    public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken)
    {
        LastExchange = (
            Invariant($"0820（终端 {request.TerminalId}，批次 {request.BatchNumber:D6}，班次 {request.ShiftNumber}，网络管理码 002）-> 0830 应答码 00"),
            Invariant($"0820 (terminal {request.TerminalId}, batch {request.BatchNumber:D6}, shift {request.ShiftNumber}, network code 002) -> 0830 response 00"));
        return new(new HostSignOffResult(true, "00"));
    }

    /// <summary>Sends a sale; answers 00, or 77 once after <see cref="DemandSignInOnNextSale"/>.</summary>
    public string Sale(int batchNumber, decimal amount)
    {
        string code = DemandSignInOnNextSale ? "77" : "00";
        DemandSignInOnNextSale = false;
        LastExchange = (
            Invariant($"0200 消费 {amount:0.00} 元，终端批次 {batchNumber:D6} -> 0210 应答码 {code}{(code == "77" ? "（主机批次不符）" : "")}"),
            Invariant($"0200 sale {amount:0.00} CNY, terminal batch {batchNumber:D6} -> 0210 response {code}{(code == "77" ? " (the host's batch does not match)" : "")}"));
        return code;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
