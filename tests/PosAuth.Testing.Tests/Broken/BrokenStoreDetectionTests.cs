using PosAuth.Audit;
using PosAuth.Lockout;
using PosAuth.Operators;
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

    private static async Task AssertFactFails<TKit>(TKit kit, Func<TKit, Task> fact)
        where TKit : IAsyncLifetime
    {
        await kit.InitializeAsync();
        try
        {
            await Assert.ThrowsAnyAsync<XunitException>(() => fact(kit));
        }
        finally
        {
            await kit.DisposeAsync();
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

    internal sealed class AuditKit(Func<IAuditStore> create) : AuditStoreConformanceTests
    {
        protected override Task<IAuditStore> CreateStoreAsync(TimeProvider timeProvider) => Task.FromResult(create());
    }
}
