namespace PosAuth;

/// <summary>An <see cref="IAuditSink"/> that keeps events in memory, for tests and the demo.</summary>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly Lock _gate = new();
    private readonly List<AuditEvent> _events = [];

    /// <summary>A snapshot of the events recorded so far, oldest first.</summary>
    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _events.Add(auditEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets the recorded events.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
        }
    }
}
