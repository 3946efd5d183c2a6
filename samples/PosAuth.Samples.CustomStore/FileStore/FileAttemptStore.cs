using PosAuth.Lockout;

namespace PosAuth.Samples.CustomStore.FileStore;

/// <summary>
/// An integrator's <see cref="IAttemptStore"/>: one JSON file per attempt record. The compare-and-swap is a read, a
/// version comparison and a durable write, all under <see cref="RecordDirectory"/>'s exclusive lock, so it is atomic
/// across threads and across .NET processes on the same machine. A task completes only after the write is fsynced,
/// as the interface requires of a durable store (a charged attempt must survive a power cut).
/// </summary>
public sealed class FileAttemptStore : IAttemptStore
{
    private readonly RecordDirectory _directory;

    /// <summary>Creates the store over <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">Where the records live.</param>
    public FileAttemptStore(string directory) => _directory = new RecordDirectory(directory);

    /// <inheritdoc />
    public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken) =>
        _directory.LockedAsync(() => _directory.Read<AttemptRecord>(NameOf(key)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _directory.LockedAsync(
            () =>
            {
                if (_directory.Read<AttemptRecord>(NameOf(record.Key)) is not null)
                {
                    return false;
                }

                _directory.Write(NameOf(record.Key), record with { Version = 0 });
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _directory.LockedAsync(
            () =>
            {
                AttemptRecord? current = _directory.Read<AttemptRecord>(NameOf(record.Key));
                if (current is null || current.Version != expectedVersion)
                {
                    return false;
                }

                _directory.Write(NameOf(record.Key), record with { Version = expectedVersion + 1 });
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <summary>
    /// Writes a batch (an attempt and its terminal's throttle) under the directory lock: every version is checked first,
    /// then all records are written through the directory's batch journal, so a crash leaves all or none of them.
    /// </summary>
    /// <param name="writes">The writes.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    /// <returns>Whether every write found its expected state and all were written.</returns>
    public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return _directory.LockedAsync(
            () =>
            {
                var next = new Dictionary<string, AttemptRecord>(StringComparer.Ordinal);
                foreach (AttemptWrite w in writes)
                {
                    ArgumentNullException.ThrowIfNull(w.Record, nameof(writes));
                    AttemptRecord? current = _directory.Read<AttemptRecord>(NameOf(w.Record.Key));
                    if (w.ExpectedVersion is { } expected ? current is null || current.Version != expected : current is not null)
                    {
                        return false;
                    }

                    next[NameOf(w.Record.Key)] = w.Normalized;
                }

                if (next.Count == 1)
                {
                    (string name, AttemptRecord record) = next.First();
                    _directory.Write(name, record);
                }
                else
                {
                    _directory.WriteBatch(next);
                }

                return true;
            },
            cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) =>
        _directory.LockedAsync(() => _directory.Delete(NameOf(key)), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken) =>
        await _directory.LockedAsync(
            () =>
            {
                _directory.DeleteAll();
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    private static string NameOf(AttemptKey key) => RecordDirectory.Name(key.TerminalId, key.OperatorId);
}
