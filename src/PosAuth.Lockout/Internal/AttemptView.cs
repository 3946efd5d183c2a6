using System.Collections.Concurrent;

namespace PosAuth.Lockout;

/// <summary>
/// The policy's last view of attempt records: the record of each key as this policy last read or wrote it. Only used
/// with a store that compares whole records (<see cref="IAttemptStore.ComparesExpectedRecords"/>): a charge computed
/// from the view is written with <see cref="AttemptWrite.ExpectedRecord"/>, so a view that is out of date (another lane
/// wrote, a reset, a write of this process that was not committed) only makes that write fail, and the policy reads.
/// The view never decides a rejection: a subject or a throttle that looks locked in it is read again.
/// </summary>
/// <remarks>Bounded: when it holds <see cref="Capacity"/> keys it is emptied (a guesser spraying operator numbers
/// only costs the honest lanes a read each).</remarks>
internal sealed class AttemptView
{
    internal const int Capacity = 4096;

    private readonly ConcurrentDictionary<AttemptKey, AttemptRecord> _records = new();

    internal bool TryGet(AttemptKey key, out AttemptRecord record) => _records.TryGetValue(key, out record!);

    internal void Remember(AttemptRecord? record)
    {
        if (record is null)
        {
            return;
        }

        if (_records.Count >= Capacity)
        {
            _records.Clear();
        }

        _records[record.Key] = record;
    }

    internal void Forget(AttemptKey key) => _records.TryRemove(key, out _);
}
