namespace PosAuth.Hashing.Tests;

/// <summary>A clock whose successive readings advance by the given steps, cycling: a probe "takes" whatever the script says.</summary>
internal sealed class ScriptedTimeProvider(params TimeSpan[] steps) : TimeProvider
{
    private long _now;
    private int _next;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Times <see cref="Pbkdf2Calibration.RelativeCost"/> so that every other PRF costs <paramref name="ratio"/> of the configured one.</summary>
    public static ScriptedTimeProvider RelativeCost(double ratio) =>
        new(TimeSpan.Zero, TimeSpan.FromMilliseconds(10 * ratio), TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

    public override long GetTimestamp()
    {
        lock (steps)
        {
            _now += steps[_next++ % steps.Length].Ticks;
            return _now;
        }
    }
}
