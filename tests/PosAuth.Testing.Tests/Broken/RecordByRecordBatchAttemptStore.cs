using PosAuth.Lockout;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// Broken on purpose: every single-record compare-and-swap is correct (it is the real in-memory store), but a batch is
/// applied one record at a time, so a conflict on the second write leaves the first one applied, and two racing batches
/// can each win one record. Charging the subject and the throttle is then not one step.
/// </summary>
internal sealed class RecordByRecordBatchAttemptStore : IAttemptStore
{
    private readonly InMemoryAttemptStore _inner = new();
    private int _inGap;

    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

    public async ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        bool all = true;
        for (int i = 0; i < writes.Count; i++)
        {
            if (i == 1)
            {
                // The gap between the writes, where another batch slips in. So that it happens on a loaded machine too, a
                // writer here yields (a bounded number of times, never sleeping) until a second writer has reached it.
                Interlocked.Increment(ref _inGap);
                for (int spin = 0; spin < 1_000 && Volatile.Read(ref _inGap) < 2; spin++)
                {
                    await Task.Yield();
                }
            }

            all &= await _inner.TryWriteAsync([writes[i]], cancellationToken);
        }

        if (writes.Count > 1)
        {
            Interlocked.Decrement(ref _inGap);
        }

        return all;
    }

    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => _inner.DeleteAllAsync(cancellationToken);
}
