using PosAuth.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PosAuth.Lockout.Tests;

/// <summary>One guess budget per operator per store (issue 13): <see cref="LockoutScope.PerSite"/> over a shared store.</summary>
public sealed class LockoutPolicyScopeTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryAttemptStore _shared = new(); // the store every lane of the site writes to

    private LockoutPolicy Lane(LockoutScope scope) => new(_shared, MsOptions.Create(new LockoutOptions { Scope = scope, MaxFailures = 5 }), _time);

    private static LockoutSubject On(int lane, string op = "01") => new($"LANE{lane:00}", op, OperatorRole.Operator);

    [Fact]
    public async Task PerSite_FiveWrongPinsSpreadOverTenLanes_LockTheOperatorOnEveryLane()
    {
        LockoutPolicy[] lanes = [.. Enumerable.Range(0, 10).Select(_ => Lane(LockoutScope.PerSite))];
        int verified = 0;
        for (int lane = 0; lane < 10; lane++)
        {
            AttemptCharge charge = await lanes[lane].TryChargeAsync(On(lane), default);
            if (charge.IsAllowed)
            {
                verified++;
                await lanes[lane].RegisterFailureAsync(charge, default);
            }
        }

        Assert.Equal(5, verified);
        for (int lane = 0; lane < 10; lane++)
        {
            Assert.True((await lanes[lane].GetStatusAsync(On(lane), default)).IsLocked, $"lane {lane} still lets the operator guess");
        }

        // Another operator of the same site is not affected.
        Assert.False((await lanes[3].GetStatusAsync(On(3, "02"), default)).IsLocked);
    }

    [Fact]
    public async Task PerTerminal_GivesEachLaneItsOwnBudget()
    {
        LockoutPolicy policy = Lane(LockoutScope.PerTerminal);
        for (int lane = 0; lane < 10; lane++)
        {
            await policy.RegisterFailureAsync(await policy.TryChargeAsync(On(lane), default), default);
        }

        Assert.Equal(4, (await policy.GetStatusAsync(On(9), default)).RemainingAttempts);
    }

    [Fact]
    public async Task PerSite_AnUnlockOnOneLane_LiftsTheLockEverywhere()
    {
        LockoutPolicy a = Lane(LockoutScope.PerSite);
        LockoutPolicy b = Lane(LockoutScope.PerSite);
        for (int i = 0; i < 5; i++)
        {
            await a.RegisterFailureAsync(await a.TryChargeAsync(On(1), default), default);
        }

        Assert.True((await b.GetStatusAsync(On(2), default)).IsLocked);
        await a.UnlockAsync(On(1), new LockoutActor("00", OperatorRole.Supervisor), default);

        Assert.Equal(LockoutState.Allowed, (await b.GetStatusAsync(On(2), default)).State);
    }

    [Fact]
    public async Task PerSite_TheTerminalThrottleStaysPerTerminal()
    {
        var options = new LockoutOptions { Scope = LockoutScope.PerSite, MaxFailures = 100 };
        options.TerminalThrottle.MaxFailures = 3;
        var policy = new LockoutPolicy(_shared, MsOptions.Create(options), _time);
        for (int i = 0; i < 3; i++)
        {
            await policy.RegisterFailureAsync(await policy.TryChargeAsync(On(1, "0" + i), default), default);
        }

        Assert.Equal(LockoutState.Throttled, (await policy.GetStatusAsync(On(1, "09"), default)).State);
        Assert.Equal(LockoutState.Allowed, (await policy.GetStatusAsync(On(2, "09"), default)).State);
    }
}
