using System.Collections.Concurrent;
using PosAuth.Lockout;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// BROKEN on purpose: a read-then-write compare-and-swap without atomicity (the version check and the write are
/// separate steps, as in a naive "SELECT then UPDATE" without a WHERE on the version). Concurrent updates are lost.
/// </summary>
internal sealed class NonAtomicAttemptStore : IAttemptStore
{
    private readonly ConcurrentDictionary<AttemptKey, AttemptRecord> _records = new();
    private int _inGap;

    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_records.TryGetValue(key, out AttemptRecord? r) ? r : null);
    }

    public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_records.TryAdd(record.Key, record with { Version = 0 }));
    }

    public async ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(record.Key, out AttemptRecord? current) || current.Version != expectedVersion)
        {
            return false;
        }

        // The gap between the check and the write, where another writer slips in. To make the lost update happen
        // on a loaded machine too, a writer in the gap yields (a bounded number of times, never sleeping) until a
        // second writer has passed the same check; a lone writer just goes on.
        Interlocked.Increment(ref _inGap);
        for (int i = 0; i < 1_000 && Volatile.Read(ref _inGap) < 2; i++)
        {
            await Task.Yield();
        }

        await Task.Yield();
        _records[record.Key] = record with { Version = expectedVersion + 1 };
        Interlocked.Decrement(ref _inGap);
        return true;
    }

    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_records.TryRemove(key, out _));
    }

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _records.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a batch one record at a time (not atomic: the kit's batch facts catch it).</summary>
    public async ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        foreach (AttemptWrite w in writes)
        {
            bool ok = w.ExpectedVersion is { } v
                ? await TryUpdateAsync(w.Record, v, cancellationToken)
                : await TryInsertAsync(w.Record, cancellationToken);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
