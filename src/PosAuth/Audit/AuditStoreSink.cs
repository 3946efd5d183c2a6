namespace PosAuth.Storage;

/// <summary>An <see cref="IAuditSink"/> that appends every event to the registered <see cref="IAuditStore"/>.</summary>
internal sealed class AuditStoreSink(IAuditStore store) : IAuditSink
{
    /// <summary>The store this sink appends to.</summary>
    public IAuditStore Store => store;

    public async ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        await store.AppendAsync(auditEvent, cancellationToken).ConfigureAwait(false);
}
