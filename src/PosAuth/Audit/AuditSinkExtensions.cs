namespace PosAuth.Audit;

/// <summary>Writes one event to every registered sink, in registration order.</summary>
internal static class AuditSinkExtensions
{
    public static async ValueTask WriteAllAsync(this IAuditSink[] sinks, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        foreach (IAuditSink sink in sinks)
        {
            await sink.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
    }
}
