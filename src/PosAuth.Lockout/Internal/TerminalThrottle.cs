namespace PosAuth.Lockout;

/// <summary>
/// The per-terminal throttle: every charged attempt on a terminal counts in its bucket (<see cref="AttemptKey.ForTerminal"/>),
/// whichever operator number it was for, so spraying guesses across numbers is slowed too. Pure rules; the policy writes
/// the records together with the subject's, in one atomic batch.
/// </summary>
internal sealed class TerminalThrottle
{
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly TimeSpan _wait;

    public TerminalThrottle(TerminalThrottleOptions options)
    {
        Enabled = options.Enabled;
        _maxFailures = options.MaxFailures;
        _window = options.Window;
        _wait = options.Wait;
    }

    public bool Enabled { get; }

    public LockoutView Evaluate(AttemptRecord? record, in LockoutClockSettings clock, DateTimeOffset now, long ts) =>
        LockoutClock.Evaluate(record, _window, clock, now, ts);

    /// <summary>The bucket after one more charged attempt; after an expired throttle wait the terminal gets a fresh batch.</summary>
    public AttemptRecord Charge(AttemptKey key, AttemptRecord? previous, in LockoutView t, DateTimeOffset now, long ts, long epoch, out bool lockApplied)
    {
        int count = (t.Count >= _maxFailures ? 0 : t.Count) + 1;
        lockApplied = count >= _maxFailures;
        return lockApplied
            ? AttemptRecords.Failure(key, previous, count, _wait, LockReason.TerminalThrottle, now, ts, epoch)
            : AttemptRecords.Failure(key, previous, count, TimeSpan.Zero, LockReason.None, now, ts, epoch);
    }

    /// <summary>
    /// The bucket with one charge given back (a right PIN is not a guess), lifting the throttle if this very charge
    /// engaged it; <see langword="null"/> when there is nothing to give back.
    /// </summary>
    public static AttemptRecord? Refund(AttemptRecord? record, bool liftLock, in LockoutView t, DateTimeOffset now, long ts, long epoch)
    {
        if (record is null || record.FailureCount == 0)
        {
            return null;
        }

        bool lift = liftLock && t.IsLocked;
        return record with
        {
            FailureCount = record.FailureCount - 1,
            LockDuration = lift ? TimeSpan.Zero : record.LockDuration,
            LockedUntil = lift ? null : record.LockedUntil,
            LockStartedAt = lift ? null : record.LockStartedAt,
            LockReason = lift ? LockReason.None : record.LockReason,
            ElapsedSinceLastFailure = t.Elapsed,
            LastSeenAt = now,
            LastSeenTimestamp = ts,
            ClockEpoch = epoch,
            Version = record.Version + 1,
        };
    }

    /// <summary>Attempts the terminal has left before the throttle engages.</summary>
    public int Remaining(in LockoutView t) => t.Count < _maxFailures ? _maxFailures - t.Count : _maxFailures;
}
