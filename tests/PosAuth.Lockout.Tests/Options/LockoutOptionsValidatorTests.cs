namespace PosAuth.Lockout.Tests.Options;

public sealed class LockoutOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new LockoutOptions();

        Assert.True(new LockoutOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(5, options.MaxFailures);
        Assert.Equal(LockoutMode.Temporary, options.Mode);
        Assert.Equal(WaitGrowth.Multiplied, options.WaitGrowth);
        Assert.Equal(TimeSpan.FromMinutes(5), options.WaitIncrement);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxWait);
        Assert.Equal(TimeSpan.FromHours(12), options.FailureResetWindow);
        Assert.Equal(TimeSpan.Zero, options.MaxForwardClockCredit);
        Assert.True(options.TerminalThrottle.Enabled);
    }

    [Fact]
    public void Validate_ManyErrors_ReportsAllInOneMessage()
    {
        var options = new LockoutOptions
        {
            MaxFailures = 0,
            Mode = LockoutMode.PermanentAfterTemporary,
            MaxTemporaryLockouts = 0,
            WaitIncrement = TimeSpan.Zero,
            FailureResetWindow = TimeSpan.Zero,
            MaxForwardClockCredit = TimeSpan.FromSeconds(-1),
            TerminalThrottle = new TerminalThrottleOptions { MaxFailures = 0, Wait = TimeSpan.Zero },
        };
        options.Roles[OperatorRole.Supervisor] = new LockoutRoleOptions { MaxFailures = 500, MaxWait = TimeSpan.FromSeconds(1) };

        Microsoft.Extensions.Options.ValidateOptionsResult result = new LockoutOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (string expected in new[]
        {
            "MaxFailures must be between 1 and 100",
            "MaxTemporaryLockouts must be at least 1",
            "WaitIncrement must be positive",
            "FailureResetWindow must be positive",
            "MaxForwardClockCredit must not be negative",
            "TerminalThrottle.MaxFailures",
            "TerminalThrottle.Wait",
            "Roles[Supervisor].MaxFailures",
        })
        {
            Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RolePolicy_ForAdministrator_IsAlwaysTemporary()
    {
        var options = new LockoutOptions { Mode = LockoutMode.Permanent };
        options.Roles[OperatorRole.Administrator] = new LockoutRoleOptions { Mode = LockoutMode.PermanentAfterTemporary, MaxFailures = 8 };

        RolePolicy admin = RolePolicy.For(options, OperatorRole.Administrator);

        Assert.Equal(LockoutMode.Temporary, admin.Mode);
        Assert.Equal(8, admin.MaxFailures);
        Assert.Equal(LockoutMode.Permanent, RolePolicy.For(options, OperatorRole.Operator).Mode);
    }
}
