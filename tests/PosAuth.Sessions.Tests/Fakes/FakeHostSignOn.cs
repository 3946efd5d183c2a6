namespace PosAuth.Sessions.Tests.Fakes;

/// <summary>The vendor's host exchange: approves with a batch number unless told otherwise; records every request.</summary>
public sealed class FakeHostSignOn : IHostSignOn
{
    public List<HostSignOnRequest> SignOnRequests { get; } = [];

    public List<HostSignOffRequest> SignOffRequests { get; } = [];

    /// <summary>The batch number the host returns on approval.</summary>
    public int HostBatchNumber { get; set; } = 123;

    /// <summary>When set, the next sign-ons return this (or throw, when <see cref="ThrowOnSignOn"/>).</summary>
    public HostSignOnResult? NextSignOn { get; set; }

    public Exception? ThrowOnSignOn { get; set; }

    public HostSignOffResult NextSignOff { get; set; } = new(true, "00");

    public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken)
    {
        SignOnRequests.Add(request);
        if (ThrowOnSignOn is { } ex)
        {
            throw ex;
        }

        return ValueTask.FromResult(NextSignOn ?? HostSignOnResult.Success(HostBatchNumber));
    }

    public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken)
    {
        SignOffRequests.Add(request);
        return ValueTask.FromResult(NextSignOff);
    }
}
