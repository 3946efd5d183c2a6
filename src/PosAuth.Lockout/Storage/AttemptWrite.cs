namespace PosAuth.Lockout;

/// <summary>
/// One record of an atomic <see cref="IAttemptStore.TryWriteAsync"/>: insert <see cref="Record"/> if no record with its
/// key exists (<see cref="ExpectedVersion"/> <see langword="null"/>), or replace the stored record if its version is
/// <see cref="ExpectedVersion"/>.
/// </summary>
/// <param name="Record">The record to store. On an update its <see cref="AttemptRecord.Version"/> is
/// <c>ExpectedVersion + 1</c>; on an insert, 0.</param>
/// <param name="ExpectedVersion">The version the stored record must have, or <see langword="null"/> for "no record yet".</param>
public readonly record struct AttemptWrite(AttemptRecord Record, long? ExpectedVersion)
{
    /// <summary>
    /// On an update, optionally: the whole record the store must find — every field, its key and version included — not
    /// just <see cref="ExpectedVersion"/> (which it must equal). Only a store whose
    /// <see cref="IAttemptStore.ComparesExpectedRecords"/> is <see langword="true"/> is given one; it refuses the batch
    /// when the stored record differs in any field. The policy sets it when it charges from its last view of the rows
    /// instead of reading them first: a version alone can come back (records deleted by a reset and written again from
    /// version 0), a whole record that is equal is the state the decision was computed from.
    /// </summary>
    public AttemptRecord? ExpectedRecord { get; init; }

    /// <summary>An insert of <paramref name="record"/> (there must be no record with its key).</summary>
    /// <param name="record">The new record.</param>
    /// <returns>The write.</returns>
    public static AttemptWrite Insert(AttemptRecord record) => new(record, null);

    /// <summary>A compare-and-swap of <paramref name="record"/> over the stored version <paramref name="expectedVersion"/>.</summary>
    /// <param name="record">The new record.</param>
    /// <param name="expectedVersion">The version that must be stored now.</param>
    /// <returns>The write.</returns>
    public static AttemptWrite Update(AttemptRecord record, long expectedVersion) => new(record, expectedVersion);

    /// <summary>The record with the version this write stores: 0 for an insert, <c>ExpectedVersion + 1</c> for an update.</summary>
    public AttemptRecord Normalized =>
        ExpectedVersion is { } v
            ? Record.Version == v + 1 ? Record : Record with { Version = v + 1 }
            : Record.Version == 0 ? Record : Record with { Version = 0 };
}
