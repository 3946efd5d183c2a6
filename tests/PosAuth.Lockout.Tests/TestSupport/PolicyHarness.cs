using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests.TestSupport;

/// <summary>A policy over an in-memory store with a fake clock; records the attempts that applied a lock.</summary>
internal sealed class PolicyHarness
{
    public static readonly LockoutSubject Operator01 = new("T0001", "01", OperatorRole.Operator);
    public static readonly LockoutSubject Supervisor = new("T0001", OperatorIds.Supervisor, OperatorRole.Supervisor);
    public static readonly LockoutSubject Administrator = new("T0001", OperatorIds.Administrator, OperatorRole.Administrator);

    public PolicyHarness(Action<LockoutOptions>? configure = null, bool asynchronousStore = false)
    {
        configure?.Invoke(Options);
        AttemptStore = asynchronousStore ? new YieldingAttemptStore(Store) : Store;
        Policy = CreatePolicy();
    }

    public ManualTimeProvider Time { get; } = new();

    public InMemoryAttemptStore Store { get; } = new();

    /// <summary>The store the policy uses: <see cref="Store"/>, or a wrapper that completes asynchronously.</summary>
    public IAttemptStore AttemptStore { get; }

    public LockoutOptions Options { get; } = new();

    /// <summary>Every wrong attempt made through <see cref="FailAsync"/> whose charge applied a lock, in order.</summary>
    public List<(LockoutSubject Subject, LockoutStatus Status)> LocksApplied { get; } = [];

    public LockoutPolicy Policy { get; private set; }

    /// <summary>A new policy over the same store and clock, as after a crash or a restart of the process.</summary>
    public LockoutPolicy CreatePolicy() => new(AttemptStore, MsOptions.Create(Options), Time);

    /// <summary>Simulates a power cycle: the monotonic clock restarts and a new policy instance takes over.</summary>
    public void PowerCycle()
    {
        Time.RestartMonotonicClock();
        Policy = CreatePolicy();
    }

    /// <summary>One attempt with a wrong PIN; returns the status and whether the verifier ran.</summary>
    public async Task<(bool Verified, LockoutStatus Status)> FailAsync(LockoutSubject subject)
    {
        AttemptCharge charge = await Policy.TryChargeAsync(subject, default);
        if (!charge.IsAllowed)
        {
            return (false, charge.Status);
        }

        LockoutStatus status = await Policy.RegisterFailureAsync(charge, default);
        if (charge.AppliedLock)
        {
            LocksApplied.Add((subject, status));
        }

        return (true, status);
    }

    /// <summary>One attempt with the right PIN.</summary>
    public async Task<(bool Verified, LockoutStatus Status)> SucceedAsync(LockoutSubject subject)
    {
        AttemptCharge charge = await Policy.TryChargeAsync(subject, default);
        if (!charge.IsAllowed)
        {
            return (false, charge.Status);
        }

        return (true, await Policy.RegisterSuccessAsync(charge, default));
    }

    public async Task<LockoutStatus> FailTimesAsync(LockoutSubject subject, int times)
    {
        LockoutStatus status = default;
        for (int i = 0; i < times; i++)
        {
            (bool verified, status) = await FailAsync(subject);
            Assert.True(verified, $"attempt {i + 1} was unexpectedly refused: {status}");
        }

        return status;
    }

    public TimeSpan? RemainingWait(LockoutStatus status) => status.RemainingWait(Time.GetUtcNow());
}
