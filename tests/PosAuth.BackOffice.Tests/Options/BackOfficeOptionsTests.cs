using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Tests.TestSupport;

namespace PosAuth.BackOffice.Tests.Options;

public sealed class BackOfficeOptionsTests
{
    [Fact]
    public void Defaults_WithASecret_AreValid_AndArePciDssMinimums()
    {
        var o = new BackOfficeOptions { Secret = new byte[32] };
        Assert.True(new BackOfficeOptionsValidator().Validate(null, o).Succeeded);
        Assert.Equal(12, o.PasswordMinLength);
        Assert.Equal(10, o.UserMaxFailures);
        Assert.Equal(TimeSpan.FromMinutes(30), o.UserLockDuration);
        Assert.Equal(TimeSpan.FromMinutes(15), o.SessionIdleTimeout);
        Assert.Equal(TimeSpan.FromDays(90), o.UnusedAccountPeriod);
    }

    [Fact]
    public void Validate_CollectsEveryError_AndRefusesWeakerThanPciDss()
    {
        var o = new BackOfficeOptions
        {
            Secret = new byte[8],
            UserMaxFailures = 11,
            UserLockDuration = TimeSpan.FromMinutes(10),
            PasswordMinLength = 8,
            SessionIdleTimeout = TimeSpan.FromMinutes(30),
            UnusedAccountPeriod = TimeSpan.FromDays(180),
            ClockSkew = TimeSpan.FromHours(1),
        };
        ValidateOptionsResult result = new BackOfficeOptionsValidator().Validate(null, o);
        Assert.True(result.Failed);
        string[] names = ["Secret", "UserMaxFailures", "UserLockDuration", "PasswordMinLength", "SessionIdleTimeout", "UnusedAccountPeriod", "ClockSkew"];
        foreach (string name in names)
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Equal(names.Length, result.Failures!.Count());
    }

    [Fact]
    public void TerminalOnlineWindow_LongerThanTheReplayRecordsAreKept_IsRefused()
    {
        // A lane's last request is read from its replay records, kept for twice ClockSkew: a longer window would call a
        // lane offline while it is online.
        var o = new BackOfficeOptions { Secret = new byte[32], ClockSkew = TimeSpan.FromSeconds(10), TerminalOnlineWindow = TimeSpan.FromSeconds(21) };
        ValidateOptionsResult result = new BackOfficeOptionsValidator().Validate(null, o);
        Assert.StartsWith("TerminalOnlineWindow", Assert.Single(result.Failures!), StringComparison.Ordinal);
        o.TerminalOnlineWindow = TimeSpan.FromSeconds(20);
        Assert.True(new BackOfficeOptionsValidator().Validate(null, o).Succeeded);
    }

    [Fact]
    public async Task Start_WithoutASecret_FailsAtStartUp()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync(o => o.Secret = null);
        });
    }
}
