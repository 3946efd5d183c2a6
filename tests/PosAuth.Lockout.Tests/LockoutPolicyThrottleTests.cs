using PosAuth.Lockout.Tests.TestSupport;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyThrottleTests
{
    private static LockoutSubject Op(string id, string terminal = "T0001") => new(terminal, id, OperatorRole.Operator);

    private static PolicyHarness Harness() => new(o =>
    {
        o.TerminalThrottle.MaxFailures = 3;
        o.TerminalThrottle.Wait = TimeSpan.FromMinutes(2);
        o.TerminalThrottle.Window = TimeSpan.FromMinutes(10);
    });

    [Fact]
    public async Task Throttle_FailuresAcrossOperatorIds_ThrottleTheWholeTerminal()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Op("01"), 1);
        await h.FailTimesAsync(Op("02"), 1);
        await h.FailTimesAsync(Op("03"), 1);

        (bool verified, LockoutStatus status) = await h.FailAsync(Op("04"));

        Assert.False(verified);
        Assert.Equal(LockoutState.Throttled, status.State);
        Assert.Equal(LockReason.TerminalThrottle, status.Reason);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(2), status.LockedUntil);
        Assert.Equal(0, (await h.Policy.GetStatusAsync(Op("04"), default)).FailureCount); // a throttled attempt charges nobody
        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Op("01", "T0002"), default)).State);
        (LockoutSubject locker, LockoutStatus locked) = Assert.Single(h.LocksApplied); // the third failure engaged the throttle
        Assert.Equal(Op("03"), locker);
        Assert.Equal(LockoutState.Throttled, locked.State);
    }

    [Fact]
    public async Task Throttle_EndsAfterWait()
    {
        PolicyHarness h = Harness();
        foreach (string id in new[] { "01", "02", "03" })
        {
            await h.FailTimesAsync(Op(id), 1);
        }

        h.Time.Advance(TimeSpan.FromMinutes(2));
        (bool verified, LockoutStatus status) = await h.FailAsync(Op("04"));

        Assert.True(verified);
        Assert.Equal(LockoutState.Allowed, status.State);
    }

    [Fact]
    public async Task Throttle_QuietWindowForgetsTerminalFailures()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Op("01"), 1);
        await h.FailTimesAsync(Op("02"), 1);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.FailTimesAsync(Op("03"), 1);
        LockoutStatus status = await h.Policy.GetStatusAsync(Op("04"), default);

        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(2, status.RemainingAttempts); // throttle: 3 - 1
    }

    [Fact]
    public async Task Throttle_SuccessRefundsOnlyItsOwnCharge()
    {
        PolicyHarness h = Harness();
        await h.FailTimesAsync(Op("01"), 1);
        await h.FailTimesAsync(Op("02"), 1);

        (bool verified, _) = await h.SucceedAsync(Op("03"));
        LockoutStatus status = await h.Policy.GetStatusAsync(Op("04"), default);

        Assert.True(verified);
        Assert.Equal(1, status.RemainingAttempts);
    }

    [Fact]
    public async Task Throttle_WhenDisabled_NeverThrottles()
    {
        var h = new PolicyHarness(o =>
        {
            o.TerminalThrottle.Enabled = false;
            o.TerminalThrottle.MaxFailures = 0; // not validated while disabled
        });

        for (int i = 0; i < 30; i++)
        {
            Assert.True((await h.FailAsync(Op(i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)))).Verified);
        }
    }
}
