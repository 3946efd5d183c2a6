using Microsoft.Extensions.Options;
using PosAuth.Lockout.Tests.TestSupport;
using static PosAuth.Lockout.Tests.TestSupport.PolicyHarness;

namespace PosAuth.Lockout.Tests;

public sealed class LockoutPolicyAdministratorCapTests
{
    [Fact]
    public async Task Administrator_WithAWaitIncrementOfTenYears_IsLockedForAtMostTheCap()
    {
        var h = new PolicyHarness(o =>
        {
            o.WaitIncrement = TimeSpan.FromDays(3650);
            o.MaxWait = TimeSpan.FromDays(3650);
        });

        LockoutStatus status = await h.FailTimesAsync(Administrator, 5);

        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(TimeSpan.FromHours(1), h.RemainingWait(status));
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(LockoutState.Allowed, (await h.Policy.GetStatusAsync(Administrator, default)).State);

        // Ordinary operators keep the configured wait.
        LockoutStatus op = await h.FailTimesAsync(Operator01, 5);
        Assert.Equal(TimeSpan.FromDays(3650), h.RemainingWait(op));
    }

    [Fact]
    public async Task Administrator_RoleOverrideCannotLiftTheCap()
    {
        var h = new PolicyHarness(o =>
        {
            o.AdministratorMaxWait = TimeSpan.FromMinutes(20);
            o.Roles[OperatorRole.Administrator] = new LockoutRoleOptions { WaitIncrement = TimeSpan.FromDays(1), MaxWait = TimeSpan.FromDays(30), Mode = LockoutMode.Permanent };
        });

        LockoutStatus status = await h.FailTimesAsync(Administrator, 5);

        Assert.Equal(LockoutState.LockedTemporarily, status.State);
        Assert.Equal(TimeSpan.FromMinutes(20), h.RemainingWait(status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(61)]
    [InlineData(60 * 24 * 3650)]
    public void AdministratorMaxWait_OutsideRange_FailsValidation(int minutes)
    {
        var options = new LockoutOptions { AdministratorMaxWait = TimeSpan.FromMinutes(minutes) };

        var error = Assert.Throws<OptionsValidationException>(() => new LockoutPolicy(new InMemoryAttemptStore(), Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System));
        Assert.Contains("AdministratorMaxWait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_CapTheAdministratorAtOneHour_AndCreditNoClockTimeAcrossRestarts()
    {
        var options = new LockoutOptions();

        Assert.Equal(TimeSpan.FromHours(1), options.AdministratorMaxWait);
        Assert.Equal(TimeSpan.Zero, options.MaxForwardClockCredit);
    }
}
