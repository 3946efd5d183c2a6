namespace PosAuth;

/// <summary>Receives audit events. Several sinks may be registered; each receives every event.</summary>
public interface IAuditSink
{
    /// <summary>Records an event.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event is recorded.</returns>
    ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
