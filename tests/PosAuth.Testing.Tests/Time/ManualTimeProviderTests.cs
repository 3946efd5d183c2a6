namespace PosAuth.Testing.Tests.Time;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_MovesWallClockAndTimestampTogether()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        long before = time.GetTimestamp();
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 3, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(3), time.GetElapsedTime(before));
    }

    [Fact]
    public void SetUtcNow_MovesOnlyTheWallClock()
    {
        var time = new ManualTimeProvider();
        long before = time.GetTimestamp();
        time.SetUtcNow(time.GetUtcNow().AddDays(-2));
        Assert.Equal(before, time.GetTimestamp());
    }

    [Fact]
    public void RestartMonotonicClock_ResetsTimestampButKeepsWallClock()
    {
        var time = new ManualTimeProvider();
        DateTimeOffset now = time.GetUtcNow();
        time.RestartMonotonicClock();
        Assert.Equal(0, time.GetTimestamp());
        Assert.Equal(now, time.GetUtcNow());
    }

    [Fact]
    public void Advance_FiresDueTimersOnly()
    {
        var time = new ManualTimeProvider();
        int fired = 0;
        using ITimer timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Advance_WhenNegative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManualTimeProvider().Advance(TimeSpan.FromTicks(-1)));
    }
}
