using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyConcurrencyTests
{
    [Theory]
    [InlineData(false, 50)]
    [InlineData(true, 3)] // a store that completes asynchronously (as a database does); fewer rounds, each is slower
    public async Task TryCharge_200ParallelWrongAttemptsWithLimit5_Exactly5ReachTheVerifier(bool asynchronousStore, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            var h = new PolicyHarness(o => o.MaxFailures = 5, asynchronousStore);
            int verifications = 0;
            int locksApplied = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] attempts = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                AttemptCharge charge = await h.Policy.TryChargeAsync(Operator01, default);
                if (charge.IsAllowed)
                {
                    Interlocked.Increment(ref verifications); // the verifier stand-in: the PIN is always wrong
                    await h.Policy.RegisterFailureAsync(charge, default);
                    if (charge.AppliedLock)
                    {
                        Interlocked.Increment(ref locksApplied);
                    }
                }
            })).ToArray();

            start.SetResult();
            await Task.WhenAll(attempts);

            Assert.Equal(5, verifications);
            LockoutStatus status = await h.Policy.GetStatusAsync(Operator01, default);
            Assert.Equal(LockoutState.LockedTemporarily, status.State);
            Assert.Equal(5, status.FailureCount);
            Assert.Equal(1, locksApplied); // exactly one attempt says it is the one that locked
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryCharge_ParallelAttemptsAcrossOperators_TerminalThrottleHoldsExactly(bool asynchronousStore)
    {
        for (int round = 0; round < (asynchronousStore ? 3 : 10); round++)
        {
            var h = new PolicyHarness(o => o.TerminalThrottle.MaxFailures = 7, asynchronousStore);
            int verifications = 0;
            int locksApplied = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var subject = new LockoutSubject("T0001", (i % 50).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), OperatorRole.Operator);
                AttemptCharge charge = await h.Policy.TryChargeAsync(subject, default);
                if (charge.IsAllowed)
                {
                    Interlocked.Increment(ref verifications);
                    await h.Policy.RegisterFailureAsync(charge, default);
                    if (charge.AppliedLock)
                    {
                        Interlocked.Increment(ref locksApplied);
                    }
                }
            })).ToArray();

            start.SetResult();
            await Task.WhenAll(attempts);

            Assert.Equal(7, verifications);
            Assert.Equal(1, locksApplied); // the seventh charged attempt engaged the throttle, and only it
        }
    }
}
