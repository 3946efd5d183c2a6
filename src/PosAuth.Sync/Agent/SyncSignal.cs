namespace PosAuth.Sync.Agent;

/// <summary>Wakes the agent's push loop (an audit record was written, a stale replica was seen). Coalesces: many wakes before it runs are one.</summary>
internal sealed class SyncSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake()
    {
        TaskCompletionSource current = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        current.TrySetResult();
    }
}

/// <summary>An audit sink that only wakes the agent: every audit record is soon pushed, and a PIN change soon follows it.</summary>
internal sealed class SyncWakeAuditSink(SyncSignal signal) : PosAuth.IAuditSink
{
    public ValueTask WriteAsync(PosAuth.AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        signal.Wake();
        return ValueTask.CompletedTask;
    }
}
