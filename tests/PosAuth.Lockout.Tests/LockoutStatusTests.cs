namespace PosAuth.Lockout.Tests;

public sealed class LockoutStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RemainingWait_IsNeverNegativeAndNullWithoutTimedLock()
    {
        var locked = new LockoutStatus { State = LockoutState.LockedTemporarily, LockedUntil = Now.AddMinutes(5) };

        Assert.Equal(TimeSpan.FromMinutes(5), locked.RemainingWait(Now));
        Assert.Equal(TimeSpan.Zero, locked.RemainingWait(Now.AddHours(1)));
        Assert.Null(new LockoutStatus { State = LockoutState.LockedPermanently }.RemainingWait(Now));
    }

    [Theory]
    [InlineData(LockoutState.Allowed, false)]
    [InlineData(LockoutState.LockedTemporarily, true)]
    [InlineData(LockoutState.LockedPermanently, true)]
    [InlineData(LockoutState.Throttled, true)]
    public void IsLocked_IsTrueForEveryRefusingState(LockoutState state, bool expected)
    {
        Assert.Equal(expected, new LockoutStatus { State = state }.IsLocked);
    }
}
