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
    /// Reads the records for <paramref name="first"/> and <paramref name="second"/> together (the policy reads a subject
    /// and its terminal's throttle this way before charging an attempt). The result is exactly what two
    /// <see cref="GetAsync"/> calls would return: each record is the committed state of its key at some instant during
    /// the call, <see langword="null"/> when there is none. The two records need not come from the same instant (the
    /// policy's compare-and-swap write catches any change in between); a store may read both in one statement (one round
    /// trip). The two keys may be equal; then both results are that key's record.
    /// </summary>
    /// <remarks>
    /// The default calls <see cref="GetAsync"/> for <paramref name="first"/>, then for <paramref name="second"/>; when both
    /// complete synchronously it completes synchronously and allocates nothing. A store with a network round trip per
    /// call should override it with one statement: the policy calls it on every charge with the terminal throttle
    /// enabled, also when the subject turns out to be locked (then the second record is not used).
    /// </remarks>
    /// <param name="first">The first key.</param>
    /// <param name="second">The second key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The two records, each <see langword="null"/> when there is none.</returns>
    ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
    {
        ValueTask<AttemptRecord?> a = GetAsync(first, cancellationToken);
        if (!a.IsCompletedSuccessfully)
        {
            return AttemptStorePairs.ReadBothAsync(this, a, second, cancellationToken);
        }

        AttemptRecord? ra = a.Result;
        ValueTask<AttemptRecord?> b = GetAsync(second, cancellationToken);
        return b.IsCompletedSuccessfully ? new((ra, b.Result)) : AttemptStorePairs.ReadSecondAsync(ra, b);
    }

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

    /// <summary>
    /// Whether <see cref="TryWriteAsync"/> honours <see cref="AttemptWrite.ExpectedRecord"/>: a write that carries one
    /// succeeds only if the stored record equals it in every field. <see langword="false"/> by default, and then the
    /// policy reads the records before every charge. When <see langword="true"/>, the policy charges from its last view
    /// of a subject's and its throttle's records (the ones it last read or wrote) without reading first — one store
    /// call per charge instead of two, one round trip on a server — and reads only when that write is refused. The
    /// conformance kit's <c>ExpectedRecord_*</c> facts check the comparison.
    /// </summary>
    bool ComparesExpectedRecords => false;
}

/// <summary>The asynchronous tails of <see cref="IAttemptStore.GetPairAsync"/>'s default.</summary>
internal static class AttemptStorePairs
{
    internal static async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> ReadBothAsync(IAttemptStore store, ValueTask<AttemptRecord?> first, AttemptKey second, CancellationToken cancellationToken)
    {
        AttemptRecord? a = await first.ConfigureAwait(false);
        AttemptRecord? b = await store.GetAsync(second, cancellationToken).ConfigureAwait(false);
        return (a, b);
    }

    internal static async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> ReadSecondAsync(AttemptRecord? first, ValueTask<AttemptRecord?> second) =>
        (first, await second.ConfigureAwait(false));
}
