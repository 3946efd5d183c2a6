namespace PosAuth;

/// <summary>Writes one event to every registered sink, in registration order.</summary>
internal static class AuditSinkExtensions
{
    /// <summary>
    /// Completes synchronously, without allocating, when every sink does (no sinks, in-memory or logger sinks);
    /// otherwise awaits the pending sink and then the rest, in order.
    /// </summary>
    public static ValueTask WriteAllAsync(this IAuditSink[] sinks, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            ValueTask pending = sinks[i].WriteAsync(auditEvent, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(pending, sinks, i + 1, auditEvent, cancellationToken);
            }

            pending.GetAwaiter().GetResult();
        }

        return default;
    }

    private static async ValueTask ContinueAsync(ValueTask pending, IAuditSink[] sinks, int next, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await pending.ConfigureAwait(false);
        for (int i = next; i < sinks.Length; i++)
        {
            await sinks[i].WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
    }
}
