using System.Collections.Concurrent;
using PosAuth.Lockout;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// BROKEN on purpose, in the subtlest way: a synchronous check-then-set compare-and-swap on a
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>. There is no <c>await</c> (and no yield) between reading the
/// version and writing the record, so the window is a few instructions wide; under a 4-thread stress it still loses
/// about 4 updates in 10. Every single call is correct; only two writers in the window at once break it.
/// </summary>
internal sealed class CheckThenSetAttemptStore : IAttemptStore
{
    private readonly ConcurrentDictionary<AttemptKey, AttemptRecord> _records = new();

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

    public ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(record.Key, out AttemptRecord? current) || current.Version != expectedVersion)
        {
            return new(false);
        }

        _records[record.Key] = record with { Version = expectedVersion + 1 };
        return new(true);
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
