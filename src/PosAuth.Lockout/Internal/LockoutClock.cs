namespace PosAuth.Lockout;

/// <summary>
/// The pure time rules of the lockout (no store, no state): how much real time has passed since a record's last
/// failure, whether its lock still holds, and when progress should be written down. See the package README,
/// "Clock jumps".
/// </summary>
/// <remarks>
/// Elapsed time is never computed by comparing wall-clock instants of different observations. Within the process that
/// last wrote a record (same <see cref="AttemptRecord.ClockEpoch"/>), or on the same <see cref="ISharedTimeline"/>, it is
/// the monotonic difference of timestamps, immune to wall-clock jumps. Otherwise (a restart, another process) the wall-clock difference since the record was last
/// seen is credited forwards only, and at most <see cref="LockoutClockSettings.MaxForwardCredit"/> (zero by default).
/// </remarks>
internal static class LockoutClock
{
    /// <summary>
    /// How much in-process progress of a lock or a failure run may go unrecorded: an observation that finds more writes
    /// it down, so a restart (which credits no wall-clock time by default) loses at most this much.
    /// </summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMinutes(1);

    /// <summary>Interprets <paramref name="r"/> at one instant.</summary>
    public static LockoutView Evaluate(AttemptRecord? r, TimeSpan resetWindow, in LockoutClockSettings clock, DateTimeOffset now, long ts)
    {
        if (r is null)
        {
            return default;
        }

        TimeSpan elapsed = Elapsed(r, clock, now, ts, out bool fromWallClock);
        if (r.IsPermanentlyLocked)
        {
            return new LockoutView(r.FailureCount, r.TemporaryLockoutCount, true, TimeSpan.Zero, r.LockReason, elapsed, false);
        }

        // Record progress measured in this process now and then: after a restart only recorded time counts.
        bool record = fromWallClock || elapsed - r.ElapsedSinceLastFailure >= ProgressInterval;
        if (r.LockDuration > TimeSpan.Zero && elapsed < r.LockDuration)
        {
            return new LockoutView(r.FailureCount, r.TemporaryLockoutCount, false, r.LockDuration - elapsed, r.LockReason, elapsed, record);
        }

        if (elapsed >= resetWindow)
        {
            return new LockoutView(0, 0, false, TimeSpan.Zero, LockReason.None, elapsed, false);
        }

        return new LockoutView(r.FailureCount, r.TemporaryLockoutCount, false, TimeSpan.Zero, LockReason.None, elapsed, record && r.FailureCount > 0);
    }

    /// <summary>The real time elapsed since <paramref name="r"/>'s last failure, by the rules above.</summary>
    public static TimeSpan Elapsed(AttemptRecord r, in LockoutClockSettings clock, DateTimeOffset now, long ts, out bool fromWallClock)
    {
        TimeSpan credit;
        if (r.ClockEpoch == clock.Epoch && ts >= r.LastSeenTimestamp)
        {
            // Same process (or the same shared timeline), monotonic clock: immune to wall-clock jumps in either direction.
            credit = clock.Time.GetElapsedTime(r.LastSeenTimestamp, ts);
            fromWallClock = false;
        }
        else if (r.ClockEpoch == clock.Epoch && clock.Time.GetElapsedTime(ts, r.LastSeenTimestamp) <= ProgressInterval)
        {
            // A shared timeline (ISharedTimeline) read by another process slightly behind the one that wrote the record
            // (within the timeline's error; one process's own monotonic clock never goes back): nothing to credit yet, and
            // nothing to write down. A timeline that went back further is treated like a wall clock set back, below.
            credit = TimeSpan.Zero;
            fromWallClock = false;
        }
        else
        {
            // Restart or another process: trust the wall clock forwards only (and only as far as policy allows).
            TimeSpan delta = now - r.LastSeenAt;
            credit = delta <= TimeSpan.Zero ? TimeSpan.Zero
                : clock.MaxForwardCredit is { } cap && delta > cap ? cap
                : delta;
            fromWallClock = true;
        }

        TimeSpan baseElapsed = r.ElapsedSinceLastFailure < TimeSpan.Zero ? TimeSpan.Zero : r.ElapsedSinceLastFailure;
        return AddSaturating(baseElapsed, credit);
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/> (both non-negative), at most <see cref="TimeSpan.MaxValue"/>.</summary>
    public static TimeSpan AddSaturating(TimeSpan a, TimeSpan b) => b > TimeSpan.MaxValue - a ? TimeSpan.MaxValue : a + b;

    /// <summary><paramref name="now"/> + <paramref name="delta"/>, at most <see cref="DateTimeOffset.MaxValue"/>.</summary>
    public static DateTimeOffset AddSaturating(DateTimeOffset now, TimeSpan delta) =>
        delta >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + delta;
}

/// <summary>The clock inputs of <see cref="LockoutClock"/>: the time source, this process's epoch and the forward-credit cap.</summary>
internal readonly record struct LockoutClockSettings(TimeProvider Time, long Epoch, TimeSpan? MaxForwardCredit)
{
    /// <summary>A fresh random non-zero epoch: records written by another process (or before a restart) carry another one.</summary>
    public static long NewEpoch()
    {
        // From the CSPRNG: two processes must not pick the same epoch, and nobody may predict one.
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        long epoch;
        do
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            epoch = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes);
        }
        while (epoch == 0);
        return epoch;
    }
}

/// <summary>A record interpreted at one instant.</summary>
/// <param name="Count">Consecutive failures (0 once forgotten).</param>
/// <param name="TemporaryLockouts">Temporary lockouts in the current run.</param>
/// <param name="Permanent">Locked until an unlock.</param>
/// <param name="Remaining">Real time left of a temporary lock (zero when none holds).</param>
/// <param name="Reason">Why it is locked.</param>
/// <param name="Elapsed">Real time since the last failure.</param>
/// <param name="NeedsReanchor">The record should be re-written with this process's epoch and the elapsed time.</param>
internal readonly record struct LockoutView(int Count, int TemporaryLockouts, bool Permanent, TimeSpan Remaining, LockReason Reason, TimeSpan Elapsed, bool NeedsReanchor)
{
    public bool IsLocked => Permanent || Remaining > TimeSpan.Zero;
}
