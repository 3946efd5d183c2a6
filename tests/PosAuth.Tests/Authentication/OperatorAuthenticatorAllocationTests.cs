using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Tests.Authentication;

/// <summary>
/// The rejection paths (locked subject, invalid input) run on every guess an attacker makes once the
/// limit is reached: they must allocate nothing. Measured with the allocation counter, not timed.
/// </summary>
public sealed class OperatorAuthenticatorAllocationTests
{
    [Fact]
    public async Task Authenticate_LockedOperator_And_InvalidInput_AllocateNothing()
    {
        var time = new ManualTimeProvider();
        var operators = new InMemoryOperatorStore();
        var hasher = new Pbkdf2PinHasher(new Pbkdf2PinHasherOptions { Iterations = 1_000, MinimumIterations = 1_000 });
        await operators.TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("739146") });
        var lockout = new LockoutPolicy(new InMemoryAttemptStore(), Options.Create(new LockoutOptions { MaxFailures = 3 }), time);
        using var metrics = new PosAuthMetrics();
        var authenticator = new OperatorAuthenticator(operators, hasher, lockout, Array.Empty<IAuditSink>(), metrics, time, Options.Create(new AuthenticationOptions()));
        ReadOnlyMemory<char> wrong = "000111".AsMemory();
        ReadOnlyMemory<char> huge = new string('1', 1_000_000).AsMemory();
        ReadOnlyMemory<char> letters = "12ab".AsMemory();
        for (int i = 0; i < 3; i++)
        {
            await authenticator.AuthenticateAsync("T0001", "01", wrong);
        }

        // Warm up every path once (JIT, array pool, tiered compilation stubs).
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(AuthenticationOutcome.LockedOut, Sync(authenticator.AuthenticateAsync("T0001", "01", wrong)).Outcome);
            Assert.Equal(AuthenticationOutcome.InvalidInput, Sync(authenticator.AuthenticateAsync("T0001", "01", huge)).Outcome);
            Assert.Equal(AuthenticationOutcome.InvalidInput, Sync(authenticator.AuthenticateAsync("T0001", "01", letters)).Outcome);
        }

        // A path that allocates does so on every call, so every round would show it. A round can still see a few bytes
        // that are not ours (the runtime promoting a method to tier 1 under load), so one clean round of five is enough.
        var rounds = new List<long>();
        for (int round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                Sync(authenticator.AuthenticateAsync("T0001", "01", wrong));
                Sync(authenticator.AuthenticateAsync("T0001", "01", huge));
                Sync(authenticator.AuthenticateAsync("T0001", "01", letters));
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(rounds[^1] == 0, "bytes allocated per round of 3,000 rejections: " + string.Join(", ", rounds));
    }

    private static AuthenticationResult Sync(ValueTask<AuthenticationResult> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "with in-memory stores the rejection paths complete synchronously");
        return task.Result;
    }
}
