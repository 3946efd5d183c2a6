using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// The refusals an attacker gets on every further guess — a locked operator, a throttled terminal — run synchronously
/// and allocate nothing with a store that answers synchronously. Measured with the allocation counter, not timed.
/// </summary>
public sealed class LockoutPolicyAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryCharge_WhenLockedOrThrottled_CompletesSynchronouslyAndAllocatesNothing(bool throttled)
    {
        var options = new LockoutOptions { MaxFailures = throttled ? 100 : 3 };
        options.TerminalThrottle.MaxFailures = 3;
        var policy = new LockoutPolicy(new InMemoryAttemptStore(), MsOptions.Create(options), new ManualTimeProvider());
        for (int i = 0; i < 3; i++)
        {
            await policy.RegisterFailureAsync(await policy.TryChargeAsync(new LockoutSubject("T1", throttled ? "0" + i : "01", OperatorRole.Operator), default), default);
        }

        var probe = new LockoutSubject("T1", throttled ? "09" : "01", OperatorRole.Operator);
        for (int i = 0; i < 50; i++)
        {
            Assert.False(Sync(policy.TryChargeAsync(probe, default)).IsAllowed);
        }

        // A path that allocates does so on every call; one clean round of five is enough (a stray runtime allocation under load).
        var rounds = new List<long>();
        for (int round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                Sync(policy.TryChargeAsync(probe, default));
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(rounds[^1] == 0, "bytes allocated per round of 1,000 refusals: " + string.Join(", ", rounds));
    }

    private static AttemptCharge Sync(ValueTask<AttemptCharge> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "with the in-memory store a refusal completes synchronously");
        return task.Result;
    }
}
