using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task RegisterFailure_BeforeLimit_ReportsRemainingAttempts()
    {
        var h = new PolicyHarness();

        LockoutStatus status = await h.FailTimesAsync(Operator01, 3);

        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(2, status.RemainingAttempts); // 密码错误，还可尝试 2 次
        Assert.Equal(3, status.FailureCount);
        Assert.False(status.IsLocked);
        Assert.Null(status.LockedUntil);
    }

    [Fact]
    public async Task GetStatus_ForUnknownSubject_AllowsWithFullAttempts()
    {
        var h = new PolicyHarness();

        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);

        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(5, status.RemainingAttempts);
        Assert.Equal(0, status.FailureCount);
    }

    [Fact]
    public async Task TemporaryMode_AtLimit_LocksForWaitIncrementThenAllowsOneMoreAttempt()
    {
        var h = new PolicyHarness(o => o.WaitIncrement = TimeSpan.FromMinutes(5));

        LockoutStatus locked = await h.FailTimesAsync(Operator01, 5);

        Assert.Equal(LockoutState.LockedTemporarily, locked.State);
        Assert.Equal(LockReason.TooManyFailures, locked.Reason);
        Assert.Equal(0, locked.RemainingAttempts);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(5), locked.LockedUntil); // 已锁定，请 5 分钟后重试
        (bool verified, LockoutStatus refused) = await h.FailAsync(Operator01);
        Assert.False(verified);
        Assert.Equal(LockoutState.LockedTemporarily, refused.State);

        h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True((await h.Policy.GetStatusAsync(Operator01, default)).IsLocked);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        LockoutStatus after = await h.Policy.GetStatusAsync(Operator01, default);
        Assert.Equal(LockoutState.Allowed, after.State);
        Assert.Equal(1, after.RemainingAttempts);
    }

    [Theory]
    [InlineData(WaitGrowth.Multiplied, new[] { 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3 })]
    [InlineData(WaitGrowth.Linear, new[] { 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7 })]
    public async Task TemporaryMode_WaitGrowsByKeycloakFormulaAndIsCappedAtMaxWait(WaitGrowth growth, int[] expectedMinutes)
    {
        // MaxFailures 5, increment 1 min, max 7 min: failure n (n >= 5) waits
        // multiplied: 1 x floor(n / 5); linear: 1 x (1 + n - 5); never more than 7.
        var h = new PolicyHarness(o =>
        {
            o.WaitGrowth = growth;
            o.WaitIncrement = Minute;
            o.MaxWait = TimeSpan.FromMinutes(7);
        });
        await h.FailTimesAsync(Operator01, 4);

        var waits = new List<int>();
        foreach (int _ in expectedMinutes)
        {
            (bool verified, LockoutStatus status) = await h.FailAsync(Operator01);
            Assert.True(verified);
            Assert.Equal(LockoutState.LockedTemporarily, status.State);
            TimeSpan wait = h.RemainingWait(status)!.Value;
            waits.Add((int)wait.TotalMinutes);
            h.Time.Advance(wait);
        }

        Assert.Equal(expectedMinutes, waits);
    }

    [Fact]
    public async Task PermanentMode_AtLimit_LocksUntilUnlockWhateverTimePasses()
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);

        LockoutStatus status = await h.FailTimesAsync(Operator01, 5);
        h.Time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(LockoutState.LockedPermanently, status.State);
        Assert.Null(status.LockedUntil);
        (bool verified, LockoutStatus refused) = await h.FailAsync(Operator01);
        Assert.False(verified);
        Assert.Equal(LockoutState.LockedPermanently, refused.State);
        Assert.Equal(LockReason.TooManyFailures, refused.Reason);
    }

    [Fact]
    public async Task PermanentAfterTemporaryMode_AfterMaxTemporaryLockouts_LocksPermanently()
    {
        var h = new PolicyHarness(o =>
        {
            o.Mode = LockoutMode.PermanentAfterTemporary;
            o.MaxTemporaryLockouts = 2;
            o.WaitIncrement = Minute;
        });

        LockoutStatus first = await h.FailTimesAsync(Operator01, 5);
        Assert.Equal(LockoutState.LockedTemporarily, first.State);
        h.Time.Advance(h.RemainingWait(first)!.Value);
        LockoutStatus second = await h.FailTimesAsync(Operator01, 1);
        Assert.Equal(LockoutState.LockedTemporarily, second.State);
        h.Time.Advance(h.RemainingWait(second)!.Value);
        LockoutStatus third = await h.FailTimesAsync(Operator01, 1);

        Assert.Equal(LockoutState.LockedPermanently, third.State);
        Assert.Equal(LockReason.PermanentAfterTemporaryLockouts, third.Reason);
        h.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(LockoutState.LockedPermanently, (await h.Policy.GetStatusAsync(Operator01, default)).State);
    }

    [Fact]
    public async Task RegisterSuccess_ResetsFailureCount()
    {
        var h = new PolicyHarness();
        await h.FailTimesAsync(Operator01, 4);

        (bool verified, LockoutStatus status) = await h.SucceedAsync(Operator01);

        Assert.True(verified);
        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(5, status.RemainingAttempts);
        Assert.Equal(0, status.FailureCount);
    }

    [Fact]
    public async Task TryCharge_AtLimit_AppliesLockBeforeVerificationAndSuccessLiftsIt()
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);
        await h.FailTimesAsync(Operator01, 4);

        AttemptCharge charge = await h.Policy.TryChargeAsync(Operator01, default);
        LockoutStatus pending = await h.Policy.GetStatusAsync(Operator01, default);
        LockoutStatus afterRefund = await h.Policy.RegisterSuccessAsync(charge, default);

        Assert.True(charge.IsAllowed);
        Assert.Equal(LockoutState.LockedPermanently, charge.Status.State);
        Assert.Equal(LockoutState.LockedPermanently, pending.State);
        Assert.Equal(LockoutState.Allowed, afterRefund.State);
        Assert.Equal(5, afterRefund.RemainingAttempts);
    }

    [Fact]
    public async Task TryCharge_TheAttemptThatReachesTheLimit_IsTheOneThatAppliedTheLock()
    {
        var h = new PolicyHarness();

        await h.FailTimesAsync(Operator01, 4);
        Assert.Empty(h.LocksApplied);
        await h.FailTimesAsync(Operator01, 1);

        (LockoutSubject subject, LockoutStatus status) = Assert.Single(h.LocksApplied);
        Assert.Equal(Operator01, subject);
        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(5), status.LockedUntil);
    }

    [Fact]
    public async Task RegisterFailure_WithRejectedCharge_Throws()
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);
        await h.FailTimesAsync(Operator01, 5);
        AttemptCharge rejected = await h.Policy.TryChargeAsync(Operator01, default);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await h.Policy.RegisterFailureAsync(rejected, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Policy.RegisterSuccessAsync(default, default));
    }

    [Fact]
    public async Task TryCharge_WithInvalidSubject_Throws()
    {
        var h = new PolicyHarness();

        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Policy.TryChargeAsync(new LockoutSubject("T1", AttemptKey.TerminalBucketOperatorId, OperatorRole.Operator), default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Policy.TryChargeAsync(new LockoutSubject("", "01", OperatorRole.Operator), default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Policy.GetStatusAsync(default, default));
    }

    [Fact]
    public async Task FailureResetWindow_QuietPeriodForgetsFailures()
    {
        var h = new PolicyHarness(o => o.FailureResetWindow = TimeSpan.FromHours(1));
        await h.FailTimesAsync(Operator01, 4);

        h.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(4, (await h.Policy.GetStatusAsync(Operator01, default)).FailureCount);
        h.Time.Advance(Minute);
        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);

        Assert.Equal(0, status.FailureCount);
        Assert.Equal(5, status.RemainingAttempts);
        LockoutStatus next = await h.FailTimesAsync(Operator01, 4);
        Assert.Equal(LockoutState.Allowed, next.State);
    }

    [Fact]
    public async Task FailureResetWindow_DoesNotEndARunningLockAndForgetsTemporaryLockoutsAfterwards()
    {
        var h = new PolicyHarness(o =>
        {
            o.Mode = LockoutMode.PermanentAfterTemporary;
            o.MaxTemporaryLockouts = 1;
            o.WaitIncrement = TimeSpan.FromHours(2);
            o.MaxWait = TimeSpan.FromHours(2);
            o.FailureResetWindow = TimeSpan.FromHours(1);
        });
        await h.FailTimesAsync(Operator01, 5);

        h.Time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(LockoutState.LockedTemporarily, (await h.Policy.GetStatusAsync(Operator01, default)).State);
        h.Time.Advance(TimeSpan.FromMinutes(30));

        // The lock has ended and the quiet period passed: a fresh start, not the permanent lockout.
        LockoutStatus status = await h.FailTimesAsync(Operator01, 4);
        Assert.Equal(LockoutState.Allowed, status.State);
        Assert.Equal(1, status.RemainingAttempts);
    }

    [Fact]
    public async Task RoleOverride_AppliesToThatRoleOnly()
    {
        var h = new PolicyHarness(o => o.Roles[OperatorRole.Supervisor] = new LockoutRoleOptions { MaxFailures = 3, Mode = LockoutMode.Permanent });

        LockoutStatus supervisor = await h.FailTimesAsync(Supervisor, 3);
        LockoutStatus op = await h.FailTimesAsync(Operator01, 3);

        Assert.Equal(LockoutState.LockedPermanently, supervisor.State);
        Assert.Equal(LockoutState.Allowed, op.State);
        Assert.Equal(2, op.RemainingAttempts);
    }

    [Theory]
    [InlineData(LockoutMode.Permanent)]
    [InlineData(LockoutMode.PermanentAfterTemporary)]
    public async Task Administrator_IsNeverLockedPermanently_OnlySlowed(LockoutMode mode)
    {
        var h = new PolicyHarness(o =>
        {
            o.Mode = mode;
            o.MaxTemporaryLockouts = 1;
            o.WaitIncrement = Minute;
            o.MaxWait = TimeSpan.FromMinutes(10);
            o.Roles[OperatorRole.Administrator] = new LockoutRoleOptions { Mode = LockoutMode.Permanent };
            o.TerminalThrottle.Enabled = false;
        });

        LockoutStatus status = await h.FailTimesAsync(Administrator, 5);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(LockoutState.LockedTemporarily, status.State);
            h.Time.Advance(h.RemainingWait(status)!.Value);
            status = await h.FailTimesAsync(Administrator, 1);
        }

        Assert.Equal(LockoutState.LockedTemporarily, status.State);

        // The same configuration does lock an ordinary operator permanently.
        LockoutStatus op = await h.FailTimesAsync(Operator01, 5);
        if (mode == LockoutMode.PermanentAfterTemporary)
        {
            h.Time.Advance(h.RemainingWait(op)!.Value);
            op = await h.FailTimesAsync(Operator01, 1);
        }

        Assert.Equal(LockoutState.LockedPermanently, op.State);
    }
}
