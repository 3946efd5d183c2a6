using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// How the policy reads (issue 13, PostgreSQL sign-in cost): with the terminal throttle enabled a charge reads the subject
/// and the throttle together through <see cref="IAttemptStore.GetPairAsync"/> (one round trip on a store that reads both
/// in one statement), also on a retry and when the subject is locked; without the throttle it reads the subject alone.
/// </summary>
public sealed class LockoutPolicyStoreReadTests
{
    private static readonly AttemptKey Bucket = AttemptKey.ForTerminal(Operator01.TerminalId);

    [Fact]
    public async Task Charge_WithThrottle_ReadsSubjectAndThrottleInOnePairRead()
    {
        var store = new ReadCountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions()), new ManualTimeProvider());

        AttemptCharge charge = await policy.TryChargeAsync(Operator01, default);

        Assert.True(charge.IsAllowed);
        Assert.Equal([(Operator01.Key, Bucket)], store.PairReads);
        Assert.Equal(0, store.SingleReads);
    }

    [Fact]
    public async Task Charge_PerSite_PairsTheSiteBudgetWithTheTerminalThrottle()
    {
        var store = new ReadCountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions { Scope = LockoutScope.PerSite }), new ManualTimeProvider());

        await policy.TryChargeAsync(Operator01, default);

        Assert.Equal([(AttemptKey.ForSite(Operator01.OperatorId), Bucket)], store.PairReads);
        Assert.Equal(0, store.SingleReads);
    }

    [Fact]
    public async Task Charge_OfALockedSubject_IsOneReadAndNoWrite()
    {
        var store = new ReadCountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions { MaxFailures = 3 }), new ManualTimeProvider());
        for (int i = 0; i < 3; i++)
        {
            await policy.RegisterFailureAsync(await policy.TryChargeAsync(Operator01, default), default);
        }

        store.Reset();
        AttemptCharge rejected = await policy.TryChargeAsync(Operator01, default);

        Assert.False(rejected.IsAllowed);
        Assert.Equal(LockoutState.LockedTemporarily, rejected.Status.State);
        Assert.Single(store.PairReads);
        Assert.Equal(0, store.SingleReads);
        Assert.Equal(0, store.Writes);
    }

    [Fact]
    public async Task Charge_OnConflict_RetriesWithOnePairRead()
    {
        var store = new ReadCountingStore(new InMemoryAttemptStore()) { ConflictsLeft = 1 };
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions()), new ManualTimeProvider());

        AttemptCharge charge = await policy.TryChargeAsync(Operator01, default);

        Assert.True(charge.IsAllowed);
        Assert.Equal([(Operator01.Key, Bucket), (Operator01.Key, Bucket)], store.PairReads);
        Assert.Equal(0, store.SingleReads);
    }

    [Fact]
    public async Task Charge_WithoutThrottle_ReadsOnlyTheSubject()
    {
        var store = new ReadCountingStore(new InMemoryAttemptStore());
        var policy = new LockoutPolicy(store, MsOptions.Create(new LockoutOptions { TerminalThrottle = { Enabled = false } }), new ManualTimeProvider());

        await policy.TryChargeAsync(Operator01, default);

        Assert.Empty(store.PairReads);
        Assert.Equal(1, store.SingleReads);
    }

    [Fact]
    public async Task DefaultGetPair_OnAnAsynchronousStore_ReturnsWhatTwoGetsReturn()
    {
        var inner = new InMemoryAttemptStore();
        var subject = new AttemptRecord { Key = Operator01.Key, FailureCount = 2 };
        Assert.True(await inner.TryInsertAsync(subject, default));
        IAttemptStore store = new TestSupport.YieldingAttemptStore(inner);

        (AttemptRecord? first, AttemptRecord? second) = await store.GetPairAsync(Operator01.Key, Bucket, default);
        (AttemptRecord? swappedFirst, AttemptRecord? swappedSecond) = await store.GetPairAsync(Bucket, Operator01.Key, default);

        Assert.Equal(2, first!.FailureCount);
        Assert.Null(second);
        Assert.Null(swappedFirst);
        Assert.Equal(2, swappedSecond!.FailureCount);
    }

    /// <summary>A store that completes asynchronously (as a database does), reads pairs itself, and counts its calls.</summary>
    private sealed class ReadCountingStore(IAttemptStore inner) : IAttemptStore
    {
        public List<(AttemptKey, AttemptKey)> PairReads { get; } = [];

        public int SingleReads { get; private set; }

        public int Writes { get; private set; }

        public int ConflictsLeft { get; set; }

        public void Reset()
        {
            PairReads.Clear();
            SingleReads = 0;
            Writes = 0;
        }

        public async ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
        {
            await Task.Yield();
            SingleReads++;
            return await inner.GetAsync(key, cancellationToken);
        }

        public async ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
        {
            await Task.Yield();
            PairReads.Add((first, second));
            return (await inner.GetAsync(first, cancellationToken), await inner.GetAsync(second, cancellationToken));
        }

        public async ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Writes++;
            if (ConflictsLeft > 0)
            {
                ConflictsLeft--;
                return false;
            }

            return await inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }
}
