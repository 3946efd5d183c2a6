using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// The policy's last view of the records (issue 13: a charge in one store call, one round trip on a server). It is used
/// only with a store that compares whole records, and every way it can be out of date must cost a read, never a guess:
/// another lane charged, a reset recycled a version with other values, a supervisor unlocked elsewhere.
/// </summary>
public sealed class LockoutPolicyViewTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly IAttemptStore _store = new CountingStore(new InMemoryAttemptStore());

    private CountingStore Counting => (CountingStore)_store;

    private LockoutPolicy Lane(int maxFailures = 5) =>
        new(_store, MsOptions.Create(new LockoutOptions { Scope = LockoutScope.PerSite, MaxFailures = maxFailures, Mode = LockoutMode.Temporary }), _time);

    private static LockoutSubject On(int lane, string op = "01", OperatorRole role = OperatorRole.Operator) => new($"LANE{lane:00}", op, role);

    [Fact]
    public async Task Charge_AfterThisLanesLastSignIn_IsOneWriteAndNoRead()
    {
        LockoutPolicy lane = Lane();
        AttemptCharge first = await lane.TryChargeAsync(On(1), default);
        await lane.RegisterSuccessAsync(first, default);
        (int reads, int writes) = (Counting.Reads, Counting.Writes);

        AttemptCharge second = await lane.TryChargeAsync(On(1), default);

        Assert.True(second.IsAllowed);
        Assert.Equal((0, 1), (Counting.Reads - reads, Counting.Writes - writes));
        Assert.Equal(1, (await _store.GetAsync(AttemptKey.ForSite("01"), default))!.FailureCount);
    }

    [Fact]
    public async Task Charge_WhenAnotherLaneChargedMeanwhile_IsRefusedReadsAndCountsEveryGuess()
    {
        LockoutPolicy a = Lane();
        LockoutPolicy b = Lane();
        Assert.True((await a.TryChargeAsync(On(1), default)).IsAllowed);
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await b.TryChargeAsync(On(2), default)).IsAllowed);
        }

        // a's view still says one failure: its write is refused, it reads, and charges the fifth.
        int reads = Counting.Reads;
        AttemptCharge fifth = await a.TryChargeAsync(On(1), default);
        Assert.True(fifth.IsAllowed);
        Assert.True(Counting.Reads > reads, "the out-of-date view was written over without a read");
        Assert.Equal(5, (await _store.GetAsync(AttemptKey.ForSite("01"), default))!.FailureCount);
        Assert.True(fifth.Status.IsLocked, "the fifth failure did not lock");
        Assert.False((await a.TryChargeAsync(On(1), default)).IsAllowed);
        Assert.False((await b.TryChargeAsync(On(2), default)).IsAllowed);
    }

    [Fact]
    public async Task Charge_WhenAResetRecycledTheVersionWithOtherValues_NeverWritesOverThem()
    {
        LockoutPolicy a = Lane();
        Assert.True((await a.TryChargeAsync(On(1), default)).IsAllowed);
        AttemptKey subject = AttemptKey.ForSite("01");
        AttemptRecord seen = (await _store.GetAsync(subject, default))!;
        AttemptRecord throttle = (await _store.GetAsync(AttemptKey.ForTerminal("LANE01"), default))!;

        // A reset, then the same keys written again: the throttle exactly as a's view holds it, the subject at the SAME
        // version with four failures (another lane's guesses after the reset). A version-only compare would let a write
        // its "second failure" over them.
        await _store.DeleteAllAsync(default);
        Assert.True(await _store.TryInsertAsync(throttle, default));
        Assert.True(await _store.TryInsertAsync(seen with { FailureCount = 4, TemporaryLockoutCount = 1 }, default));
        Assert.Equal(seen.Version, (await _store.GetAsync(subject, default))!.Version);

        AttemptCharge charge = await a.TryChargeAsync(On(1), default);

        Assert.True(charge.IsAllowed);
        AttemptRecord after = (await _store.GetAsync(subject, default))!;
        Assert.Equal(5, after.FailureCount);
        Assert.True(after.TemporaryLockoutCount >= 1, "the recycled record's earlier lockout was overwritten");
        Assert.True(charge.Status.IsLocked);
    }

    [Fact]
    public async Task Charge_WhenTheViewShowsALockASupervisorLiftedElsewhere_ReadsAndIsAllowed()
    {
        LockoutPolicy a = Lane(maxFailures: 3);
        LockoutPolicy b = Lane(maxFailures: 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await a.TryChargeAsync(On(1), default)).IsAllowed);
        }

        Assert.False((await a.TryChargeAsync(On(1), default)).IsAllowed);
        LockoutUnlockResult unlocked = await b.UnlockAsync(On(2), new LockoutActor("00", OperatorRole.Supervisor), default);
        Assert.True(unlocked.Succeeded);

        // a's view still holds the lock it wrote: it must not answer from it.
        AttemptCharge charge = await a.TryChargeAsync(On(1), default);
        Assert.True(charge.IsAllowed, "a lock lifted on another lane was still enforced from this lane's view");
        Assert.Equal(1, (await _store.GetAsync(AttemptKey.ForSite("01"), default))!.FailureCount);
    }

    [Fact]
    public async Task Policy_OverAStoreThatDoesNotCompareWholeRecords_ReadsBeforeEveryCharge()
    {
        var plain = new CountingStore(new InMemoryAttemptStore(), comparesWholeRecords: false);
        var lane = new LockoutPolicy(plain, MsOptions.Create(new LockoutOptions { MaxFailures = 5 }), _time);
        for (int i = 0; i < 3; i++)
        {
            AttemptCharge charge = await lane.TryChargeAsync(On(1), default);
            await lane.RegisterSuccessAsync(charge, default);
        }

        Assert.Equal(3, plain.Reads);
        Assert.False(plain.SawExpectedRecord);
    }

    /// <summary>Counts reads and writes; claims (or not) the whole-record compare of the store it wraps.</summary>
    private sealed class CountingStore(IAttemptStore inner, bool comparesWholeRecords = true) : IAttemptStore
    {
        private int _reads;
        private int _writes;
        private int _sawExpected;

        public int Reads => Volatile.Read(ref _reads);

        public int Writes => Volatile.Read(ref _writes);

        public bool SawExpectedRecord => Volatile.Read(ref _sawExpected) != 0;

        public bool ComparesExpectedRecords => comparesWholeRecords && inner.ComparesExpectedRecords;

        public ValueTask<AttemptRecord?> GetAsync(AttemptKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<(AttemptRecord? First, AttemptRecord? Second)> GetPairAsync(AttemptKey first, AttemptKey second, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetPairAsync(first, second, cancellationToken);
        }

        public ValueTask<bool> TryWriteAsync(IReadOnlyList<AttemptWrite> writes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            if (writes.Any(w => w.ExpectedRecord is not null))
            {
                Interlocked.Exchange(ref _sawExpected, 1);
            }

            return inner.TryWriteAsync(writes, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(AttemptKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }
}
