namespace PosAuth.Lockout;

/// <summary>
/// Durable state of failed attempts. State only: no policy. Atomicity comes from optimistic concurrency
/// (<see cref="TryInsertAsync"/>, and <see cref="TryUpdateAsync"/> as a compare-and-swap on
/// <see cref="AttemptRecord.Version"/>), which an in-memory dictionary, SQLite shared by two processes
/// (<c>UPDATE … WHERE version = @v</c>) and any integrator database can all provide.
/// A durable store must have persisted a change before its task completes successfully.
/// </summary>
public interface IAttemptStore
{
    /// <summary>Reads the record of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> if there is none.</returns>
    ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="record"/> (stored with <see cref="AttemptRecord.Version"/> 0) unless its key exists.</summary>
    /// <param name="record">The new record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> if a record with the same key already exists.</returns>
    ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap: replaces the stored record of <c>record.Key</c> only if its version is
    /// <paramref name="expectedVersion"/>, storing <paramref name="record"/> with version
    /// <paramref name="expectedVersion"/> + 1.
    /// </summary>
    /// <param name="record">The new state.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> if the record is missing or its version differs.</returns>
    ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the record of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> if a record was deleted.</returns>
    ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>Deletes every record (factory reset).</summary>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when every record is gone.</returns>
    ValueTask DeleteAllAsync(CancellationToken cancellationToken);
}
