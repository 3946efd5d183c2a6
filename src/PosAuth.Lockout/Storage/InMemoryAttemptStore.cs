using System.Collections.Concurrent;

namespace PosAuth.Lockout;

/// <summary>
/// An <see cref="IAttemptStore"/> in memory: for tests, demos and a single process that may forget its lockouts on
/// restart (<c>UseInMemoryStores()</c>). Reads are lock-free and every call completes synchronously (so the policy's
/// rejection of a locked subject allocates nothing); writes take one short lock, which makes a batch atomic.
/// </summary>
public sealed class InMemoryAttemptStore : IAttemptStore
{
    private readonly ConcurrentDictionary<AttemptKey, AttemptRecord> _records = new();
    private readonly Lock _writeGate = new();

    /// <summary>The number of records held.</summary>
    public int Count => _records.Count;

    /// <inheritdoc />
    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<AttemptRecord?>(_records.TryGetValue(key, out AttemptRecord? record) ? record : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            for (int i = 0; i < writes.Count; i++)
            {
                AttemptWrite w = writes[i];
                ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
                bool exists = _records.TryGetValue(w.Record.Key, out AttemptRecord? current);
                if (w.ExpectedVersion is { } expected
                    ? !exists || current!.Version != expected || (w.ExpectedRecord is { } whole && !whole.Equals(current))
                    : exists)
                {
                    return new ValueTask<bool>(false);
                }
            }

            for (int i = 0; i < writes.Count; i++)
            {
                AttemptRecord next = writes[i].Normalized;
                _records[next.Key] = next;
            }
        }

        return new ValueTask<bool>(true);
    }

    /// <inheritdoc />
    /// <remarks>Records are compared with the record type's value equality.</remarks>
    public bool ComparesExpectedRecords => true;

    /// <inheritdoc />
    public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TryWriteAsync([AttemptWrite.Insert(record)], cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TryWriteAsync([AttemptWrite.Update(record, expectedVersion)], cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            return new ValueTask<bool>(_records.TryRemove(key, out _));
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            _records.Clear();
        }

        return ValueTask.CompletedTask;
    }
}
