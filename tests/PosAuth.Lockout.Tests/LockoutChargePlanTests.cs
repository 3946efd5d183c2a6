using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// A charge prepared from the policy's view and committed by the caller (<see cref="ILockoutPolicy.PrepareCharge"/>):
/// the same charge <see cref="ILockoutPolicy.TryChargeAsync"/> would make, never a rejection, never from a view that is out
/// of date once committed, and used once.
/// </summary>
public sealed class LockoutChargePlanTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryAttemptStore _store = new();

    private LockoutPolicy Lane(int maxFailures = 3) =>
        new(_store, MsOptions.Create(new LockoutOptions { Scope = LockoutScope.PerSite, MaxFailures = maxFailures, Mode = LockoutMode.Temporary }), _time);

    private static LockoutSubject On(int lane) => new($"LANE{lane:00}", "01", OperatorRole.Operator);

    private static async Task SignInOnceAsync(LockoutPolicy lane, LockoutSubject subject) =>
        await lane.RegisterSuccessAsync(await lane.TryChargeAsync(subject, default), default);

    [Fact]
    public async Task Prepare_WithoutAViewOfBothRecords_IsNoPlan()
    {
        LockoutPolicy lane = Lane();

        Assert.Null(lane.PrepareCharge(On(1))); // nothing seen yet
        await SignInOnceAsync(lane, On(1));
        Assert.Null(lane.PrepareCharge(On(2))); // the subject is in view, another terminal's throttle is not
        Assert.NotNull(lane.PrepareCharge(On(1)));
    }

    [Fact]
    public async Task Plan_Committed_CountsLikeTryCharge_AndTheLockingOneIsThen_NoPlan()
    {
        LockoutPolicy lane = Lane(maxFailures: 3);
        await SignInOnceAsync(lane, On(1));
        var statuses = new List<LockoutStatus>();
        for (int i = 0; i < 3; i++)
        {
            LockoutChargePlan plan = lane.PrepareCharge(On(1))!;
            Assert.Same(_store, plan.Store);
            Assert.True(await _store.TryWriteAsync(plan.Writes, default));
            AttemptCharge charge = lane.CompleteCharge(plan);
            Assert.True(charge.IsAllowed);
            statuses.Add(await lane.RegisterFailureAsync(charge, default));
        }

        Assert.Equal([2, 1, 0], statuses.Select(s => s.RemainingAttempts));
        Assert.True(statuses[^1].IsLocked);
        Assert.Null(lane.PrepareCharge(On(1))); // a lock in view is never planned over: TryCharge reads and rejects
        Assert.False((await lane.TryChargeAsync(On(1), default)).IsAllowed);
        Assert.Equal(3, (await _store.GetAsync(AttemptKey.ForSite("01"), default))!.FailureCount);
    }

    [Fact]
    public async Task Plan_FromAViewAnotherLaneOvertook_IsRefusedByTheStore_AndAbandoningItMakesTheNextChargeRead()
    {
        LockoutPolicy a = Lane();
        LockoutPolicy b = Lane();
        await SignInOnceAsync(a, On(1));
        LockoutChargePlan stale = a.PrepareCharge(On(1))!;
        Assert.True((await b.TryChargeAsync(On(2), default)).IsAllowed); // another lane counts a guess meanwhile

        Assert.False(await _store.TryWriteAsync(stale.Writes, default));
        a.AbandonCharge(stale);

        Assert.Null(a.PrepareCharge(On(1))); // the view was forgotten
        AttemptCharge fresh = await a.TryChargeAsync(On(1), default);
        Assert.Equal(2, fresh.SubjectRecord!.FailureCount);
    }

    [Fact]
    public async Task Plan_IsUsedOnce_AndOnlyByThePolicyThatMadeIt()
    {
        LockoutPolicy a = Lane();
        LockoutPolicy b = Lane();
        await SignInOnceAsync(a, On(1));
        LockoutChargePlan plan = a.PrepareCharge(On(1))!;
        Assert.True(await _store.TryWriteAsync(plan.Writes, default));

        Assert.Throws<ArgumentException>(() => b.CompleteCharge(plan));
        _ = a.CompleteCharge(plan);
        Assert.Throws<ArgumentException>(() => a.CompleteCharge(plan));
    }

    [Fact]
    public async Task APolicyWithoutPlans_PreparesNone_AndRefusesToCompleteOne()
    {
        ILockoutPolicy other = new NoPlansPolicy();
        LockoutPolicy lane = Lane();
        await SignInOnceAsync(lane, On(1));
        LockoutChargePlan plan = lane.PrepareCharge(On(1))!;

        Assert.Null(other.PrepareCharge(On(1)));
        Assert.Throws<ArgumentException>(() => other.CompleteCharge(plan));
        other.AbandonCharge(plan); // nothing to forget
        Assert.True(await _store.TryWriteAsync(plan.Writes, default));
        Assert.True(lane.CompleteCharge(plan).IsAllowed); // still the planning policy's to complete
    }

    private sealed class NoPlansPolicy : ILockoutPolicy
    {
        public ValueTask<LockoutStatus> GetStatusAsync(LockoutSubject subject, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<AttemptCharge> TryChargeAsync(LockoutSubject subject, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<LockoutUnlockResult> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
