using PosAuth.Sessions;

namespace PosAuth.Tests.TestSupport;

/// <summary>A simulated acquirer host: answers 签到 with the next batch number, or with a scripted response code.</summary>
public sealed class FakeHost : IHostSignOn
{
    public int NextBatch { get; set; } = 1;

    public string ResponseCode { get; set; } = "00";

    public int SignOns { get; private set; }

    public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken)
    {
        SignOns++;
        return new(ResponseCode == "00" ? HostSignOnResult.Success(NextBatch) : HostSignOnResult.Failure(ResponseCode, "host refused"));
    }

    public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken) =>
        new(new HostSignOffResult(true, "00"));
}
