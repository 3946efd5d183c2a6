namespace PosAuth.Lockout;

/// <summary>
/// Where attempt state lives: one versioned <see cref="AttemptRecord"/> per <see cref="AttemptKey"/> (a subject, or a
/// terminal's throttle bucket). The store holds state only; <see cref="LockoutPolicy"/> holds every rule.
/// </summary>
/// <remarks>
/// <para><b>For implementers.</b> Implement <see cref="GetAsync"/>, <see cref="TryWriteAsync"/>, <see cref="DeleteAsync"/>
/// and <see cref="DeleteAllAsync"/>. <see cref="TryWriteAsync"/> is the one write the policy uses: it must be atomic and
/// durable — every write of the batch is applied, or none is, in one transaction (one durable commit) — so that charging
/// an attempt against an operator and against the terminal's throttle is a single step that concurrent callers (threads,
/// processes, lanes sharing a server) can never split or overshoot. The conformance kit (<c>PosAuth.Testing</c>) has
/// facts that catch a non-atomic or non-isolated implementation.</para>
/// <para>Faults that pass by themselves (server unreachable, timeout, busy past the wait) are thrown as
/// <see cref="StoreUnavailableException"/>; a write that may or may not have committed must throw, never return
/// <see langword="true"/>.</para>
/// </remarks>
public interface IAttemptStore
{
    /// <summary>Reads the record for <paramref name="key"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies every write of <paramref name="writes"/> atomically and durably: when each insert finds no record with its
    /// key and each update finds its expected version, all are stored (an update with version <c>ExpectedVersion + 1</c>,
    /// an insert with version 0) and the call returns <see langword="true"/>; otherwise nothing is stored and it returns
    /// <see langword="false"/>. Keys within one batch are distinct.
    /// </summary>
    /// <param name="writes">One to a few writes (the policy writes at most two: a subject and its terminal's throttle).</param>
    /// <param name="cancellationToken">Cancels the call (before anything is written).</param>
    /// <returns>Whether the batch was applied.</returns>
    ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="record"/> (version 0) if no record with its key exists.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was inserted.</returns>
    ValueTask<bool> TryInsertAsync(AttemptRecord record, CancellationToken cancellationToken) =>
        TryWriteAsync([AttemptWrite.Insert(record)], cancellationToken);

    /// <summary>Replaces the record if its stored version is <paramref name="expectedVersion"/> (compare-and-swap).</summary>
    /// <param name="record">The new record (stored with version <c>expectedVersion + 1</c>).</param>
    /// <param name="expectedVersion">The version that must be stored now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was replaced.</returns>
    ValueTask<bool> TryUpdateAsync(AttemptRecord record, long expectedVersion, CancellationToken cancellationToken) =>
        TryWriteAsync([AttemptWrite.Update(record, expectedVersion)], cancellationToken);

    /// <summary>Deletes the record for <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a record was deleted.</returns>
    ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>Deletes every record (factory reset).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask DeleteAllAsync(CancellationToken cancellationToken);
}
