namespace PosAuth;

/// <summary>
/// The clock PosAuth measures lifetimes with (temporary and one-time PINs, supervisor grants, session age, day
/// cut-over): the wall clock, but never earlier than the process's start time plus the real (monotonic) time elapsed
/// since. Setting the terminal's clock back while it runs therefore never brings back a temporary PIN, a grant or a
/// session that had expired; setting it forward can only end a lifetime early (failing closed).
/// </summary>
/// <remarks>
/// <para>Across a restart only the wall clock is left; what survives is the rule that a credential issued at a time
/// later than "now" is treated as expired (the clock went back past its issue). Lockout does not use this clock: it has
/// its own, stricter elapsed-time accounting (see the Lockout package README).</para>
/// <para>Timestamps, timers and the time zone are the inner provider's, unchanged.</para>
/// </remarks>
internal sealed class LifetimeTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _startWall;
    private readonly long _startTimestamp;

    public LifetimeTimeProvider(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner is LifetimeTimeProvider nested ? nested._inner : inner;
        _startWall = _inner.GetUtcNow();
        _startTimestamp = _inner.GetTimestamp();
    }

    /// <summary>The provider this one reads.</summary>
    public TimeProvider Inner => _inner;

    public override DateTimeOffset GetUtcNow()
    {
        DateTimeOffset wall = _inner.GetUtcNow();
        TimeSpan elapsed = _inner.GetElapsedTime(_startTimestamp);
        DateTimeOffset monotonic = elapsed <= TimeSpan.Zero ? _startWall
            : elapsed >= DateTimeOffset.MaxValue - _startWall ? DateTimeOffset.MaxValue
            : _startWall + elapsed;
        return wall >= monotonic ? wall : monotonic;
    }

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Whether a lifetime from <paramref name="issuedAt"/> to <paramref name="expiresAt"/> is over: this clock has
    /// reached the end, or the wall clock reads earlier than the issue (it was set back past it, so nothing it says
    /// about the lifetime can be trusted).
    /// </summary>
    public bool HasEnded(DateTimeOffset? issuedAt, DateTimeOffset expiresAt) =>
        GetUtcNow() >= expiresAt || (issuedAt is { } issued && _inner.GetUtcNow() < issued);
}
