namespace PosAuth.Storage;

/// <summary>An <see cref="IAuditStore"/> held in memory, for tests and demos.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly Lock _gate = new();
    private readonly List<AuditRecord> _records = [];
    private long _lastSequence;

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long sequence = ++_lastSequence;
            _records.Add(new AuditRecord(sequence, auditEvent));
            return new(sequence);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<AuditRecord> result = [.. _records.Where(r => r.Sequence > afterSequence).Take(maxCount)];
            return new(result);
        }
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _records.Clear();
        }

        return ValueTask.CompletedTask;
    }
}
