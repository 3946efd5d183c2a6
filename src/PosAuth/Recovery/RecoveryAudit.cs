using PosAuth.Audit;

namespace PosAuth.Recovery;

/// <summary>Writes recovery audit events to every sink. Events never carry a PIN, a hash or a response.</summary>
internal static class RecoveryAudit
{
    public static async ValueTask WriteAsync(IAuditSink[] sinks, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        foreach (IAuditSink sink in sinks)
        {
            await sink.WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
    }
}
