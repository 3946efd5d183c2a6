namespace PosAuth.Lockout;

/// <summary>
/// Implemented by a <see cref="TimeProvider"/> whose timestamps lie on a timeline that several processes share — for
/// example the lanes of a site that take their time from the database server they share — so that the real time one
/// process measured is credited by every other one. <see cref="LockoutPolicy"/> uses it when its time provider
/// implements it; nothing else changes.
/// </summary>
/// <remarks>
/// <para>Without it every policy instance has a random clock epoch of its own. A record written by another process (or
/// before a restart) is then credited only the wall-clock difference, up to <see cref="LockoutOptions.MaxForwardClockCredit"/>
/// (zero by default), and re-written with the observer's epoch. With <see cref="LockoutScope.PerSite"/>, where the lanes
/// of a site are different processes, a lock that two lanes observe in turn would never progress, and every rejection by
/// a lane other than the last writer would rewrite the record. On a shared timeline every process with the same epoch
/// measures elapsed time as the difference of two timestamps, whichever process wrote the record.</para>
/// <para><b>Contract.</b> Timestamps are on the scale of <see cref="TimeProvider.GetTimestamp"/> and
/// <see cref="TimeProvider.TimestampFrequency"/>. Two timestamps of the same epoch, taken by any processes, differ by the
/// real time between them (within the error the implementation documents); an implementation that cannot say so yet
/// (not synchronised) returns an epoch of its own that no other process uses, with its own monotonic timestamps. The
/// epoch is never 0, and the timestamp and the epoch are read together (never a timestamp of one timeline with the epoch of
/// another). A timestamp read by one process may be slightly behind one another process wrote just before (the timeline's
/// error): the policy credits nothing for that and does not rewrite the record.</para>
/// </remarks>
public interface ISharedTimeline
{
    /// <summary>Reads the current timestamp and the epoch of the timeline it lies on, together.</summary>
    /// <param name="epoch">The timeline's epoch: equal epochs mean comparable timestamps. Never 0.</param>
    /// <returns>The timestamp, on the scale of <see cref="TimeProvider.GetTimestamp"/>.</returns>
    long GetTimestamp(out long epoch);
}
