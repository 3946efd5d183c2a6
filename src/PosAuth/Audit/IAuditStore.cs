namespace PosAuth.Storage;

/// <summary>
/// Append-only storage of the audit trail. Prove an implementation with
/// <c>PosAuth.Testing.AuditStoreConformanceTests</c>.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends an event.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The sequence number given to the record.</returns>
    ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Reads records in sequence order.</summary>
    /// <param name="afterSequence">Only records with a greater sequence number are returned (0 for all).</param>
    /// <param name="maxCount">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Deletes the whole trail (factory reset with the clear-audit option).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the trail is gone.</returns>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);
}
