using System.Collections.Concurrent;

namespace PosAuth.Lockout;

/// <summary>
/// A lock-free in-memory <see cref="IAttemptStore"/> for tests, demos and single-process terminals
/// that accept losing lockout state on restart. Every operation completes synchronously; updates are
/// compare-and-swap on the stored instance (<see cref="ConcurrentDictionary{TKey,TValue}.TryUpdate"/>).
/// </summary>
public sealed class InMemoryAttemptStore : IAttemptStore
{
    private readonly ConcurrentDictionary<AttemptKey, AttemptRecord> _records = new();

    /// <summary>The number of stored records.</summary>
    public int Count => _records.Count;

    /// <inheritdoc />
    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<AttemptRecord?>(_records.TryGetValue(key, out AttemptRecord? record) ? record : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        AttemptRecord stored = record.Version == 0 ? record : record with { Version = 0 };
        return new ValueTask<bool>(_records.TryAdd(record.Key, stored));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(record.Key, out AttemptRecord? current) || current.Version != expectedVersion)
        {
            return new ValueTask<bool>(false);
        }

        AttemptRecord next = record.Version == expectedVersion + 1 ? record : record with { Version = expectedVersion + 1 };

        // Versions only grow, so equality with the instance just read is a true compare-and-swap.
        return new ValueTask<bool>(_records.TryUpdate(record.Key, next, current));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(_records.TryRemove(key, out _));
    }

    /// <inheritdoc />
    public ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _records.Clear();
        return ValueTask.CompletedTask;
    }
}
