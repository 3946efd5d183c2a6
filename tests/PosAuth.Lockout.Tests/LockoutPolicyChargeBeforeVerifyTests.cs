using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyChargeBeforeVerifyTests
{
    [Fact]
    public async Task CrashAfterCharge_AttemptStillCounts()
    {
        var h = new PolicyHarness();
        await h.FailTimesAsync(Operator01, 2);

        AttemptCharge charge = await h.Policy.TryChargeAsync(Operator01, default);
        Assert.True(charge.IsAllowed);

        // Power cut: the verification outcome is never recorded; a new process takes over the same store.
        h.PowerCycle();
        LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);

        Assert.Equal(3, status.FailureCount);
        Assert.Equal(2, status.RemainingAttempts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CrashAfterChargeAtLimit_LockHolds(bool asynchronousStore)
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent, asynchronousStore);
        await h.FailTimesAsync(Operator01, 4);

        AttemptCharge charge = await h.Policy.TryChargeAsync(Operator01, default);
        Assert.True(charge.IsAllowed);
        h.PowerCycle();

        (bool verified, LockoutStatus status) = await h.FailAsync(Operator01);
        Assert.False(verified);
        Assert.Equal(LockoutState.LockedPermanently, status.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RepeatedCrashes_NeverGiveAFreeGuess(bool asynchronousStore)
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent, asynchronousStore);
        int verifications = 0;
        for (int i = 0; i < 20; i++)
        {
            AttemptCharge charge = await h.Policy.TryChargeAsync(Operator01, default);
            if (charge.IsAllowed)
            {
                verifications++;
            }

            h.PowerCycle();
        }

        Assert.Equal(5, verifications);
    }

    [Fact]
    public void TryCharge_WithInMemoryStore_CompletesSynchronouslyForAllowedAndRefund()
    {
        var h = new PolicyHarness();

        AttemptCharge charge = Sync.Completed(h.Policy.TryChargeAsync(Operator01, default));
        LockoutStatus refund = Sync.Completed(h.Policy.RegisterSuccessAsync(charge, default));

        Assert.True(charge.IsAllowed);
        Assert.Equal(5, refund.RemainingAttempts);
    }

    [Fact]
    public async Task TryCharge_ForLockedSubject_AllocatesNothing()
    {
        var h = new PolicyHarness(o => o.Mode = LockoutMode.Permanent);
        await h.FailTimesAsync(Operator01, 5);
        LockoutSubject subject = Operator01;
        LockoutPolicy policy = h.Policy;
        for (int i = 0; i < 1000; i++)
        {
            _ = Sync.RejectedSynchronously(policy, subject);
        }

        int rejected = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            if (Sync.RejectedSynchronously(policy, subject))
            {
                rejected++;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, rejected);
        Assert.Equal(0, allocated);
    }
}
