using PosAuth.Lockout;
using PosAuth.Sessions;
using PosAuth.Storage;
using Xunit.Sdk;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// The kit catches broken stores: each conformance class is instantiated over a deliberately broken store and the
/// relevant fact is invoked directly; it must fail with an assertion. (The kit classes here are internal, so xunit
/// does not discover them as tests of their own.)
/// </summary>
public sealed class BrokenStoreDetectionTests
{
    [Fact]
    public Task NonAtomicAttemptStore_FailsParallelCompareAndSwapIncrements() =>
        AssertFactFails(new AttemptKit(() => new NonAtomicAttemptStore()), k => k.ParallelCompareAndSwapIncrements_LoseNoUpdate());

    [Fact]
    public Task NonAtomicAttemptStore_FailsLockoutPolicyNeverOvershoot() =>
        AssertFactFails(new AttemptKit(() => new NonAtomicAttemptStore()), k => k.LockoutPolicy_ParallelCharges_NeverOvershootTheLimit());

    [Fact]
    public Task NonAtomicAttemptStore_PassesSequentialFacts() =>
        new AttemptKit(() => new NonAtomicAttemptStore()).TryUpdate_WithStaleVersion_ReturnsFalseAndChangesNothing();

    [Fact]
    public Task VersionIgnoringAttemptStore_FailsStaleVersionFact() =>
        AssertFactFails(new AttemptKit(() => new VersionIgnoringAttemptStore()), k => k.TryUpdate_WithStaleVersion_ReturnsFalseAndChangesNothing());

    [Fact]
    public Task VersionIgnoringAttemptStore_FailsExactlyOneWinsFact() =>
        AssertFactFails(new AttemptKit(() => new VersionIgnoringAttemptStore()), k => k.ParallelUpdatesWithSameVersion_ExactlyOneWins());

    [Fact]
    public Task RecordByRecordBatchAttemptStore_FailsTheAllOrNothingFact() =>
        AssertFactFails(new AttemptKit(() => new RecordByRecordBatchAttemptStore()), k => k.TryWrite_WhenOneWriteConflicts_AppliesNoneOfTheBatch());

    [Fact]
    public Task RecordByRecordBatchAttemptStore_FailsTheRacingBatchesFact() =>
        AssertFactFails(new AttemptKit(() => new RecordByRecordBatchAttemptStore()), k => k.ParallelBatchesOverTheSameRecords_ExactlyOneWinsWhole());

    [Fact]
    public Task RecordByRecordBatchAttemptStore_PassesSingleRecordFacts() =>
        new AttemptKit(() => new RecordByRecordBatchAttemptStore()).ParallelUpdatesWithSameVersion_ExactlyOneWins();

    [Fact]
    public Task FieldLosingOperatorStore_FailsRoundTripOfEveryField() =>
        AssertFactFails(new OperatorKit(() => new FieldLosingOperatorStore()), k => k.TryCreate_ThenFind_RoundTripsEveryField());

    [Fact]
    public Task FieldLosingOperatorStore_FailsUpdateRoundTrip() =>
        AssertFactFails(new OperatorKit(() => new FieldLosingOperatorStore()), k => k.TryUpdate_WithCurrentVersion_StoresEveryFieldAndIncrementsVersion());

    [Fact]
    public Task FieldLosingOperatorStore_PassesFactsThatDoNotTouchTheLostField() =>
        new OperatorKit(() => new FieldLosingOperatorStore()).List_IsOrderedByOperatorIdOrdinal();

    [Fact]
    public Task CancellationIgnoringAuditStore_FailsCancellationFact() =>
        AssertFactFails(new AuditKit(() => new CancellationIgnoringAuditStore()), k => k.EveryMethod_WhenCancelled_ThrowsAndChangesNothing());

    /// <summary>
    /// The synchronous check-then-set compare-and-swap (no await in its gap) that used to pass all 21 attempt facts in
    /// 10 of 10 runs: the increment fact now fails it in every one of 10 fresh runs, naming the broken property.
    /// </summary>
    [Fact]
    public async Task CheckThenSetAttemptStore_FailsTheIncrementFactInTenOfTenRuns()
    {
        for (int run = 0; run < 10; run++)
        {
            XunitException failure = await AssertFactFails(new AttemptKit(() => new CheckThenSetAttemptStore()), k => k.ParallelCompareAndSwapIncrements_LoseNoUpdate());
            Assert.Matches(@"^TryUpdateAsync is not atomic: \d+ writers (both|all) succeeded at version \d+", failure.Message);
        }
    }

    [Fact]
    public async Task CheckThenSetOperatorStore_FailsTheIncrementFactInTenOfTenRuns()
    {
        for (int run = 0; run < 10; run++)
        {
            XunitException failure = await AssertFactFails(new OperatorKit(() => new CheckThenSetOperatorStore()), k => k.ParallelCompareAndSwapIncrements_LoseNoUpdate());
            Assert.StartsWith("TryUpdateAsync is not atomic: ", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckThenSetSessionStore_FailsTheIncrementFactInTenOfTenRuns()
    {
        for (int run = 0; run < 10; run++)
        {
            XunitException failure = await AssertFactFails(new SessionKit(() => new CheckThenSetSessionStore()), k => k.ParallelCompareAndSwapIncrements_LoseNoUpdate());
            Assert.StartsWith("TrySaveAsync is not atomic: ", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public Task CheckThenSetAttemptStore_PassesSequentialFacts() =>
        new AttemptKit(() => new CheckThenSetAttemptStore()).TryUpdate_WithStaleVersion_ReturnsFalseAndChangesNothing();

    [Fact]
    public async Task DeleteThenInsertOperatorStore_FailsThePartWayFailureFact()
    {
        XunitException failure = await AssertFactFails(new OperatorKit(() => new DeleteThenInsertOperatorStore()), k => k.ReplaceAll_WhenTheSetFailsPartWay_ThrowsAndKeepsTheOldSet());
        Assert.StartsWith("ReplaceAllAsync is not atomic: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteThenInsertOperatorStore_FailsTheRacingReadersFact()
    {
        XunitException failure = await AssertFactFails(new OperatorKit(() => new DeleteThenInsertOperatorStore()), k => k.ReplaceAll_RacingReaders_SeeTheOldOrTheNewSetNeverAMixOrNothing());
        Assert.StartsWith("ReplaceAllAsync is not atomic: a reader saw ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task DeleteThenInsertOperatorStore_PassesTheSequentialReplaceFact() =>
        new OperatorKit(() => new DeleteThenInsertOperatorStore()).ReplaceAll_LeavesExactlyTheNewSetAtVersionOne();

    [Theory]
    [InlineData("role")]
    [InlineData("deleted")]
    [InlineData("created")]
    public Task GuardIgnoringSignInStore_FailsTheOperatorNotAsExpectedFact(string change) =>
        AssertFactFails(new SignInKit(() => new GuardIgnoringSignInStore()), k => k.TryCharge_WhenTheOperatorIsNotAsExpected_WritesNothing(change));

    [Fact]
    public Task GuardIgnoringSignInStore_PassesTheOperatorAsExpectedFact() =>
        new SignInKit(() => new GuardIgnoringSignInStore()).TryCharge_WhenTheOperatorIsAsExpected_CommitsEveryWrite_AndAnswersWithTheAccount(known: true);

    [Fact]
    public Task RecordByRecordSignInStore_FailsTheAllOrNothingChargeFact() =>
        AssertFactFails(new SignInKit(() => new RecordByRecordSignInStore()), k => k.TryCharge_WhenOneWriteFindsAnotherRecord_WritesNoneOfThem());

    private static async Task<XunitException> AssertFactFails<TKit>(TKit kit, Func<TKit, Task> fact)
        where TKit : IAsyncLifetime
    {
        await kit.InitializeAsync();
        try
        {
            return await Assert.ThrowsAnyAsync<XunitException>(() => fact(kit));
        }
        finally
        {
            await kit.DisposeAsync();
        }
    }

    internal sealed class SignInKit(Func<ISignInStore> create) : SignInStoreConformanceTests
    {
        protected override Task<ISignInStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }

    /// <summary>Charges without looking at the operator: a lane's stale belief would charge the wrong subject.</summary>
    private sealed class GuardIgnoringSignInStore : SignIn.InMemorySignInStore, ISignInStore
    {
        public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
        {
            bool charged = await AttemptStore.TryWriteAsync(charge.AttemptWrites, cancellationToken);
            return new SignInChargeResult(charged, true, await OperatorStore.FindAsync(charge.OperatorId, cancellationToken));
        }
    }

    /// <summary>Writes a charge record by record: a write that conflicts leaves the ones before it committed.</summary>
    private sealed class RecordByRecordSignInStore : SignIn.InMemorySignInStore, ISignInStore
    {
        public async ValueTask<SignInChargeResult> TryChargeAsync(SignInCharge charge, CancellationToken cancellationToken = default)
        {
            OperatorAccount? account = await OperatorStore.FindAsync(charge.OperatorId, cancellationToken);
            if (!charge.Matches(account))
            {
                return new SignInChargeResult(false, true, account);
            }

            foreach (AttemptWrite w in charge.AttemptWrites)
            {
                if (!await AttemptStore.TryWriteAsync([w], cancellationToken))
                {
                    return new SignInChargeResult(false, true, account);
                }
            }

            return new SignInChargeResult(true, true, account);
        }
    }

    internal sealed class AttemptKit(Func<IAttemptStore> create) : AttemptStoreConformanceTests
    {
        protected override Task<IAttemptStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }

    internal sealed class OperatorKit(Func<IOperatorStore> create) : OperatorStoreConformanceTests
    {
        protected override Task<IOperatorStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }

    internal sealed class SessionKit(Func<ISessionStore> create) : SessionStoreConformanceTests
    {
        protected override Task<ISessionStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }

    internal sealed class AuditKit(Func<IAuditStore> create) : AuditStoreConformanceTests
    {
        protected override Task<IAuditStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }
}
