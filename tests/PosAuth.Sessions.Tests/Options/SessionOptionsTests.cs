using Microsoft.Extensions.Options;
using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Options;

public sealed class SessionOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes_AndValid()
    {
        var o = new SessionOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), o.IdleLockAfter);
        Assert.True(o.UseIdleTimer);
        Assert.Null(o.DayCutOver);
        Assert.Equal(TimeSpan.FromHours(24), o.MaxSessionAge);
        Assert.Equal(SessionRestorePolicy.RequireSignIn, o.RestorePolicy);
        Assert.Equal(NetworkManagementCode.SignInDoubleLengthKeys, o.SignInNetworkManagementCode);
        Assert.True(new SessionOptionsValidator().Validate(null, o).Succeeded);
    }

    [Fact]
    public void Validate_ReportsEveryErrorInOneMessage()
    {
        var o = new SessionOptions
        {
            IdleLockAfter = TimeSpan.Zero,
            MaxSessionAge = TimeSpan.FromSeconds(5),
            RestorePolicy = (SessionRestorePolicy)42,
            SignInNetworkManagementCode = NetworkManagementCode.SignOut,
        };

        var ex = Assert.Throws<OptionsValidationException>(() =>
            new TerminalSessionManager("T1", new InMemorySessionStore(), new FakeOperatorVerifier(), new FakeOperatorPinChanger(new FakeOperatorVerifier()), new FakeHostSignOn(), Microsoft.Extensions.Options.Options.Create(o)));

        Assert.Equal(4, ex.Failures.Count());
        foreach (string name in new[] { "IdleLockAfter", "MaxSessionAge", "RestorePolicy", "SignInNetworkManagementCode" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_AcceptsDisabledRules()
    {
        var o = new SessionOptions { IdleLockAfter = null, MaxSessionAge = null, DayCutOver = new TimeOnly(23, 0) };

        Assert.True(new SessionOptionsValidator().Validate(null, o).Succeeded);
    }
}
