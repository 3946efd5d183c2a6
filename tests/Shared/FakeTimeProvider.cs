namespace PosAuth.Tests.Shared;

/// <summary>
/// A deterministic <see cref="TimeProvider"/> for tests. Tests never sleep and never read the
/// real clock: they move this one.
/// <list type="bullet">
/// <item><see cref="Advance"/> moves the wall clock and the monotonic timestamp together, as real time passing does, and fires due timers.</item>
/// <item><see cref="SetUtcNow"/> moves the wall clock only, as a person setting the terminal's clock does (a dead RTC battery, a manual change); the monotonic timestamp and timers are unaffected.</item>
/// </list>
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _utcNow;
    private long _timestampTicks;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;

    /// <summary>Starts at 2026-01-05 09:00 UTC, a Monday morning.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        _utcNow = start.ToUniversalTime();
        _timestampTicks = 1_000_000_000L;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestampTicks;
        }
    }

    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    public void SetLocalTimeZone(TimeZoneInfo zone) => _localTimeZone = zone;

    /// <summary>Real time passes: wall clock and monotonic clock move forward together.</summary>
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

    /// <summary>Someone sets the wall clock (forwards or backwards); no real time passes.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _utcNow = value.ToUniversalTime();
        }
    }

    /// <summary>Moves the wall clock by <paramref name="delta"/> (may be negative); no real time passes.</summary>
    public void JumpWallClock(TimeSpan delta)
    {
        lock (_gate)
        {
            _utcNow += delta;
        }
    }

    /// <summary>Simulates a power cycle: the monotonic counter restarts from zero, the wall clock keeps going.</summary>
    public void RestartMonotonicClock()
    {
        lock (_gate)
        {
            _timestampTicks = 0;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        while (true)
        {
            FakeTimer? due = null;
            lock (_gate)
            {
                foreach (FakeTimer t in _timers)
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

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
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
