using PosAuth.Lockout;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>BROKEN on purpose: <see cref="TryUpdateAsync"/> ignores the expected version (last writer wins).</summary>
internal sealed class VersionIgnoringAttemptStore : IAttemptStore
{
    private readonly InMemoryAttemptStore _inner = new();

    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

    public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken) => _inner.TryInsertAsync(record, cancellationToken);

    public async ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        AttemptRecord? current = await _inner.GetAsync(record.Key, cancellationToken);
        return current is not null && await _inner.TryUpdateAsync(record, current.Version, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => _inner.DeleteAllAsync(cancellationToken);

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
