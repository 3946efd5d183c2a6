using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyClockTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    private static PolicyHarness Harness() => new(o => o.WaitIncrement = Wait);

    private static PolicyHarness Harness(TimeSpan? maxForwardCredit) => new(o =>
    {
        o.WaitIncrement = Wait;
        o.MaxForwardClockCredit = maxForwardCredit;
    });

    public static TheoryData<int, bool> Rollbacks() => new()
    {
        { 1, false },
        { 365, false },
        { 1, true },
        { 365, true },
    };

    [Theory]
    [MemberData(nameof(Rollbacks))]
    public async Task Lock_WhenWallClockSetBack_HoldsAndEndsAfterRealRemainingDuration(int days, bool powerCycle)
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Operator01, 5);
        h.Time.Advance(TimeSpan.FromMinutes(2));

        h.Time.JumpWallClock(-TimeSpan.FromDays(days));
        if (powerCycle)
        {
            h.PowerCycle();
        }

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        TimeSpan remaining = h.RemainingWait(status)!.Value;

        // In process the monotonic clock knows exactly 3 minutes remain. After a restart only what the store had
        // recorded counts: time that passed unobserved before a backward jump is not credited (never shorter).
        Assert.Equal(powerCycle ? Wait : TimeSpan.FromMinutes(3), remaining);
        Assert.False((await h.FailAsync(Operator01)).Verified);

        h.Time.Advance(remaining - TimeSpan.FromSeconds(1));
        Assert.False((await h.FailAsync(Operator01)).Verified);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Fact]
    public async Task Lock_WhenWallClockSetBackWhileOffAndRestarted_DoesNotCountTheLostTimeTwice()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Operator01, 5);

        // Power off; the RTC battery is dead and the clock comes back a year early; the terminal restarts.
        h.Time.JumpWallClock(-TimeSpan.FromDays(365));
        h.PowerCycle();
        Assert.True((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);

        // A second restart later: the elapsed accounting continues from the last recorded observation.
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);
        h.PowerCycle();
        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(TimeSpan.FromMinutes(1), h.RemainingWait(status));
    }

    [Fact]
    public async Task Lock_WhenWallClockJumpsForwardInProcess_IsNotShortened()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Operator01, 5);

        h.Time.JumpWallClock(TimeSpan.FromDays(1));

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(Wait, h.RemainingWait(status));
    }

    [Fact]
    public async Task Lock_WhenWallClockJumpsForwardAcrossRestart_IsNotCreditedByDefault()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Operator01, 5);

        h.Time.JumpWallClock(TimeSpan.FromDays(1));
        h.PowerCycle();

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(Wait, h.RemainingWait(status));
    }

    [Fact]
    public async Task Lock_WhenWallClockJumpsForwardAcrossRestart_IsCreditedWithoutLimitWhenConfigured()
    {
        PolicyHarness h = Harness(maxForwardCredit: null);
        await h.FailTimesAsync(Operator01, 5);

        h.Time.JumpWallClock(TimeSpan.FromDays(1));
        h.PowerCycle();

        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Fact]
    public async Task Lock_BootedBehindThenCorrectedThenRebooted_DoesNotEndBeforeItsRealDuration()
    {
        // The attack of the security review: boot with the clock a year behind, correct it while running, reboot
        // with the right time. With forward credit the 5-minute lock ended after 2 minutes of real time.
        PolicyHarness h = Harness();
        h.Time.JumpWallClock(-TimeSpan.FromDays(365));
        h.PowerCycle();
        await h.FailTimesAsync(Operator01, 5);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        h.Time.JumpWallClock(TimeSpan.FromDays(365));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);
        h.PowerCycle();

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(TimeSpan.FromMinutes(3), h.RemainingWait(status));
        h.Time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.False((await h.FailAsync(Operator01)).Verified);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Lock_AnySequenceOfForwardJumpsAndReboots_NeverEndsBeforeRealDuration(int reboots)
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Operator01, 5);
        TimeSpan real = TimeSpan.Zero;
        for (int i = 0; i < reboots; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(20));
            real += TimeSpan.FromSeconds(20);
            h.Time.JumpWallClock(TimeSpan.FromDays(30));
            h.PowerCycle();
            h.Time.JumpWallClock(-TimeSpan.FromDays(29));
            LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
            Assert.True(status.IsLocked, $"lock ended after {real} of real time, reboot {i + 1}");
        }
    }

    [Fact]
    public async Task Lock_WhenWallClockJumpsForwardAcrossRestart_IsCreditedOnlyUpToMaxForwardClockCredit()
    {
        PolicyHarness h = Harness(TimeSpan.FromMinutes(1));
        await h.FailTimesAsync(Operator01, 5);

        h.Time.JumpWallClock(TimeSpan.FromDays(1));
        h.PowerCycle();

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(TimeSpan.FromMinutes(4), h.RemainingWait(status));
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Fact]
    public async Task PermanentLock_SurvivesAnyClockMove()
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);
        await h.FailTimesAsync(Operator01, 5);

        h.Time.JumpWallClock(TimeSpan.FromDays(3650));
        h.PowerCycle();
        h.Time.JumpWallClock(-TimeSpan.FromDays(7300));

        Assert.Equal(LockoutState.LockedPermanently, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Fact]
    public async Task FailureResetWindow_WhenWallClockSetBack_DoesNotForgetEarly()
    {
        var h = new PolicyHarness(o => o.FailureResetWindow = TimeSpan.FromHours(1));
        await h.FailTimesAsync(Operator01, 4);

        h.Time.JumpWallClock(-TimeSpan.FromDays(1));
        h.PowerCycle();
        h.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(4, (await h.Policy.GetStatusAsync(Operator01, default)).FailureCount);
    }
}
