using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;
using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// How the policy writes (issues 12 and 13): a charge is ONE atomic write of the subject and its terminal's throttle,
/// a failure writes nothing more, a refund is one write; and every operation gives up on endless conflicts the same way.
/// </summary>
public sealed class LockoutPolicyStoreWriteTests
{
    [Fact]
    public async Task Charge_WritesSubjectAndThrottleInOneBatch_AndAFailureWritesNothingMore()
    {
        var store = new CountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions()), new ManualTimeProvider());

        AttemptCharge charge = await policy.TryChargeAsync(Operator01, default);
        await policy.RegisterFailureAsync(charge, default);

        AttemptWrite[] batch = Assert.Single(store.Batches);
        Assert.Equal([Operator01.Key, AttemptKey.ForTerminal(Operator01.TerminalId)], batch.Select(w => w.Record.Key));
    }

    [Fact]
    public async Task Success_RefundsInOneBatch_WithoutReadingAgain()
    {
        var store = new CountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions()), new ManualTimeProvider());

        AttemptCharge charge = await policy.TryChargeAsync(Operator01, default);
        int readsAfterCharge = store.Reads;
        LockoutStatus status = await policy.RegisterSuccessAsync(charge, default);

        Assert.Equal(2, store.Batches.Count);
        Assert.Equal(readsAfterCharge, store.Reads);
        Assert.Equal(5, status.RemainingAttempts);
        Assert.Equal(0, (await store.GetAsync(Operator01.Key, default))!.FailureCount);
        Assert.Equal(0, (await store.GetAsync(AttemptKey.ForTerminal(Operator01.TerminalId), default))!.FailureCount);
    }

    [Fact]
    public async Task EveryOperation_OnAStoreThatAlwaysConflicts_GivesUpTheSameWay_WritingNothing()
    {
        var inner = new InMemoryAttemptStore();
        var store = new CountingStore(inner);
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions()), new ManualTimeProvider());
        AttemptCharge charge = await policy.TryChargeAsync(Operator01, default);
        await policy.RegisterFailureAsync(charge, default);
        AttemptCharge second = await policy.TryChargeAsync(Operator01, default);

        store.AlwaysConflict = true;

        var charging = await Assert.ThrowsAsync<AttemptStoreContentionException>(async () => await policy.TryChargeAsync(Operator01, default));
        var refunding = await Assert.ThrowsAsync<AttemptStoreContentionException>(async () => await policy.RegisterSuccessAsync(second, default));
        var clearing = await Assert.ThrowsAsync<AttemptStoreContentionException>(async () => await policy.UnlockAsync(Operator01, LockoutActor.System, default));

        Assert.Equal(["charge", "refund", "clear"], new[] { charging.Operation, refunding.Operation, clearing.Operation });
        Assert.All(new[] { charging, refunding, clearing }, e => Assert.Equal(10_000, e.Conflicts));
        Assert.Equal(2, (await inner.GetAsync(Operator01.Key, default))!.FailureCount);
    }

    [Fact]
    public async Task InMemoryStore_Batch_IsAllOrNothing()
    {
        var store = new InMemoryAttemptStore();
        var a = new AttemptRecord { Key = new AttemptKey("T1", "01"), FailureCount = 1 };
        var b = new AttemptRecord { Key = new AttemptKey("T1", "02"), FailureCount = 1 };
        Assert.True(await store.TryWriteAsync([AttemptWrite.Insert(a)], default));

        // The second write conflicts (a record exists where an insert expects none): the first must not be applied either.
        bool applied = await store.TryWriteAsync([AttemptWrite.Insert(b), AttemptWrite.Insert(a with { FailureCount = 9 })], default);

        Assert.False(applied);
        Assert.Null(await store.GetAsync(b.Key, default));
        Assert.Equal(1, (await store.GetAsync(a.Key, default))!.FailureCount);
    }

    private sealed class CountingStore(IAttemptStore inner) : IAttemptStore
    {
        public List<AttemptWrite[]> Batches { get; } = [];

        public int Reads { get; private set; }

        public bool AlwaysConflict { get; set; }

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            if (AlwaysConflict)
            {
                return new(false);
            }

            Batches.Add([.. writes]);
            return inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }
}
