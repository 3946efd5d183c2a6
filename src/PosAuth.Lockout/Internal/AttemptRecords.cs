namespace PosAuth.Lockout;

/// <summary>How the policy builds the records it writes (one place for every field's rule).</summary>
internal static class AttemptRecords
{
    /// <summary>The record after failure number <paramref name="count"/> (1 starts a new run), written at <paramref name="now"/>.</summary>
    public static AttemptRecord Failure(AttemptKey key, AttemptRecord? previous, int count, TimeSpan duration, LockReason reason, DateTimeOffset now, long ts, long epoch, int temporaryLockouts = 0, bool permanent = false) => new()
    {
        Key = key,
        FailureCount = count,
        FirstFailureAt = count == 1 || previous?.FirstFailureAt is null ? now : previous.FirstFailureAt,
        LastFailureAt = now,
        LockStartedAt = reason == LockReason.None ? null : now,
        LockDuration = duration,
        LockedUntil = duration > TimeSpan.Zero ? LockoutClock.AddSaturating(now, duration) : null,
        TemporaryLockoutCount = temporaryLockouts,
        IsPermanentlyLocked = permanent,
        LockReason = reason,
        LastSeenAt = now,
        LastSeenTimestamp = ts,
        ClockEpoch = epoch,
        ElapsedSinceLastFailure = TimeSpan.Zero,
        Version = previous is null ? 0 : previous.Version + 1,
    };

    /// <summary>
    /// A cleared record: it keeps its key and a growing version (never delete-and-reinsert, so versions have no ABA).
    /// <see langword="null"/> when <paramref name="r"/> is already clear (nothing to write).
    /// </summary>
    public static AttemptRecord? Cleared(AttemptRecord? r, DateTimeOffset now, long ts, long epoch) =>
        r is null || (r.FailureCount == 0 && r.TemporaryLockoutCount == 0 && !r.IsPermanentlyLocked && r.LockDuration == TimeSpan.Zero)
            ? null
            : new AttemptRecord { Key = r.Key, LastSeenAt = now, LastSeenTimestamp = ts, ClockEpoch = epoch, Version = r.Version + 1 };

    /// <summary>The record re-anchored to this process: the elapsed time so far written down, with this epoch.</summary>
    public static AttemptRecord Reanchored(AttemptRecord r, in LockoutView v, DateTimeOffset now, long ts, long epoch) => r with
    {
        ElapsedSinceLastFailure = v.Elapsed,
        LastSeenAt = now,
        LastSeenTimestamp = ts,
        ClockEpoch = epoch,
        Version = r.Version + 1,
    };

    /// <summary>The write that stores <paramref name="next"/> over <paramref name="previous"/> (an insert when there was none).</summary>
    public static AttemptWrite WriteOver(AttemptRecord? previous, AttemptRecord next) =>
        previous is null ? AttemptWrite.Insert(next) : AttemptWrite.Update(next, previous.Version);
}
