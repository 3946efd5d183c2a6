namespace PosAuth.Testing;

/// <summary>
/// A fake clock for store and policy tests: time moves only when the test moves it, so tests never sleep and never
/// read the real clock.
/// <list type="bullet">
/// <item><see cref="Advance"/>: real time passes; the wall clock and the monotonic timestamp move together and due timers fire.</item>
/// <item><see cref="SetUtcNow"/>: someone sets the wall clock (forwards or backwards); the monotonic timestamp does not move.</item>
/// <item><see cref="RestartMonotonicClock"/>: a power cycle; the monotonic counter restarts, the wall clock keeps going.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _utcNow;
    private long _timestampTicks;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;

    /// <summary>Starts at 2026-01-05 09:00 UTC (a Monday morning).</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts at <paramref name="start"/>.</summary>
    /// <param name="start">The initial wall-clock time.</param>
    public ManualTimeProvider(DateTimeOffset start)
    {
        _utcNow = start.ToUniversalTime();
        _timestampTicks = 1_000_000_000L;
    }

    /// <summary>Ticks per second of <see cref="GetTimestamp"/>: <see cref="TimeSpan.TicksPerSecond"/>.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The current wall-clock time.</summary>
    /// <returns>The time set by the test.</returns>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    /// <summary>The current monotonic timestamp.</summary>
    /// <returns>The timestamp, in <see cref="TimestampFrequency"/> units.</returns>
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestampTicks;
        }
    }

    /// <summary>Real time passes: the wall clock and the monotonic clock move forward together; due timers fire.</summary>
    /// <param name="delta">How much time passes; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _utcNow += delta;
            _timestampTicks += delta.Ticks;
        }

        FireDueTimers();
    }

    /// <summary>Someone sets the wall clock; no real time passes.</summary>
    /// <param name="value">The new wall-clock time.</param>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _utcNow = value.ToUniversalTime();
        }
    }

    /// <summary>Someone moves the wall clock by <paramref name="delta"/> (forwards or backwards); no real time passes.</summary>
    /// <param name="delta">How far the wall clock jumps; may be negative.</param>
    public void JumpWallClock(TimeSpan delta)
    {
        lock (_gate)
        {
            _utcNow += delta;
        }
    }

    /// <summary>The local time zone: UTC until <see cref="SetLocalTimeZone"/> changes it.</summary>
    public override TimeZoneInfo LocalTimeZone => Volatile.Read(ref _localTimeZone);

    /// <summary>Sets the time zone the terminal believes it is in (business-day rules, batch cut-offs).</summary>
    /// <param name="zone">The zone.</param>
    public void SetLocalTimeZone(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Volatile.Write(ref _localTimeZone, zone);
    }

    /// <summary>A power cycle: the monotonic counter restarts from zero; the wall clock keeps its value.</summary>
    public void RestartMonotonicClock()
    {
        lock (_gate)
        {
            _timestampTicks = 0;
        }
    }

    /// <summary>Creates a timer driven by <see cref="Advance"/>.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's state.</param>
    /// <param name="dueTime">When the timer first fires, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="period">The period, or <see cref="Timeout.InfiniteTimeSpan"/> / zero for one shot.</param>
    /// <returns>The timer.</returns>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        while (true)
        {
            ManualTimer? due = null;
            lock (_gate)
            {
                foreach (ManualTimer t in _timers)
                {
                    if (t.DueAt is long at && at <= _timestampTicks && (due is null || at < due.DueAt))
                    {
                        due = t;
                    }
                }

                if (due is null)
                {
                    return;
                }

                due.DueAt = due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan
                    ? due.DueAt + due.Period.Ticks
                    : null;
            }

            due.Callback(due.State);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public long? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    owner._timers.Add(this);
                }

                Period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._timestampTicks + dueTime.Ticks;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
