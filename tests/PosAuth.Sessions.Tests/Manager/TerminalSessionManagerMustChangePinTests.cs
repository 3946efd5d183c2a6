using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

/// <summary>A PIN that must change (factory default, reset, temporary, one-time) grants nothing but the PIN change.</summary>
public sealed class TerminalSessionManagerMustChangePinTests
{
    [Fact]
    public async Task SignInOperator_WithMustChangePin_GoesToPinChangeRequired_NotOperatorSignedIn()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        h.Verifier.MustChange.Add("01");

        SessionResult result = await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());

        Assert.True(result.Succeeded);
        Assert.True(result.MustChangePin);
        Assert.Equal(SessionTrigger.OperatorSignIn, result.Trigger);
        Assert.Equal(TerminalSessionState.PinChangeRequired, h.Stored.State);
        Assert.Equal(("01", OperatorRole.Operator), (h.Stored.OperatorId, h.Stored.OperatorRole));
        Assert.Equal("请修改密码", h.Stored.State.GetScreenText(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public async Task SignInTerminal_AfterAMustChangeSignIn_IsRefused_AndTheHostIsNeverContacted()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        SessionResult result = await h.Manager.SignInTerminalAsync();

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.PinChangeRequired, h.Stored.State);
        Assert.Empty(h.Host.SignOnRequests);
        Assert.False(h.Stored.BatchOpen);
    }

    [Fact]
    public async Task Unlock_BySupervisorWhosePinMustChange_IsRefused_AndTheTerminalStaysLocked()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);
        TerminalSession before = h.Stored;
        h.Verifier.MustChange.Add("00");

        SessionResult result = await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory());

        Assert.Equal((SessionErrorKind.PinChangeRequired, "pin_change_required"), (result.Error!.Kind, result.Error.Code));
        Assert.True(result.Verification!.MustChangePin);
        Assert.True(result.MustChangePin);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task Unlock_BySameOperatorWhosePinMustNowChange_IsRefused()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);
        h.Verifier.MustChange.Add("01"); // the supervisor reset 01's PIN meanwhile

        SessionResult result = await h.Manager.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Maintenance_ByAdministratorWhosePinMustChange_IsRefused(bool enter)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(enter ? TerminalSessionState.Ready : TerminalSessionState.Maintenance);
        TerminalSession before = h.Stored;
        h.Verifier.MustChange.Add("99");

        SessionResult result = enter
            ? await h.Manager.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory())
            : await h.Manager.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task HandOverShift_ToAnOperatorWhosePinMustChange_IsRefused_AndTheShiftStaysWithTheFirst()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        TerminalSession before = h.Stored;
        h.Verifier.MustChange.Add("02");

        SessionResult result = await h.Manager.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRequired, result.Error!.Kind);
        Assert.Equal(before, h.Stored);
        Assert.Equal("01", h.Stored.OperatorId);
    }

    [Fact]
    public async Task ChangePin_FromPinChangeRequired_LeadsToOperatorSignedIn_AndThenSignInTerminalWorks()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        SessionResult changed = await h.Manager.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "7305".AsMemory());
        SessionResult signedIn = await h.Manager.SignInTerminalAsync();

        Assert.True(changed.Succeeded);
        Assert.True(changed.PinChange!.Succeeded);
        Assert.Equal(SessionTrigger.ChangePin, changed.Trigger);
        Assert.Equal(TerminalSessionState.OperatorSignedIn, changed.Session.State);
        Assert.False(changed.MustChangePin);
        Assert.Equal(["01"], h.PinChanger.ChangedFor);
        Assert.Equal("01", h.Events[0].ActorOperatorId);
        Assert.True(signedIn.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
    }

    [Fact]
    public async Task ChangePin_WithAWrongCurrentPin_IsRefused_AndTheOperatorStillMayOnlyChangeThePin()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);
        TerminalSession before = h.Stored;

        SessionResult result = await h.Manager.ChangePinAsync("9999".AsMemory(), "7305".AsMemory());

        Assert.Equal((SessionErrorKind.PinChangeRejected, "pin_change_rejected"), (result.Error!.Kind, result.Error.Code));
        Assert.Equal("authentication_failed", result.PinChange!.FailureCode);
        Assert.Equal(4, result.PinChange.RemainingAttempts);
        Assert.Equal(before, h.Stored);
        Assert.Equal(SessionErrorKind.PinChangeRequired, (await h.Manager.SignInTerminalAsync()).Error!.Kind);
    }

    [Fact]
    public async Task ChangePin_WithAWeakNewPin_IsRefused_WithEveryPolicyReason()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        SessionResult result = await h.Manager.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "1234".AsMemory());

        Assert.Equal(SessionErrorKind.PinChangeRejected, result.Error!.Kind);
        Assert.Equal("policy_rejected", result.PinChange!.FailureCode);
        Assert.Equal(["Sequence", "CommonPin"], result.PinChange.PolicyReasons);
        Assert.Equal(TerminalSessionState.PinChangeRequired, h.Stored.State);
    }

    [Fact]
    public async Task ChangePin_WhileReady_KeepsReady()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        SessionResult result = await h.Manager.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "7305".AsMemory());

        Assert.True(result.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
        Assert.True(h.Stored.BatchOpen);
    }

    [Fact]
    public async Task ChangePin_WithNobodySignedIn_IsAProgrammingError()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);

        await Assert.ThrowsAsync<InvalidSessionTransitionException>(() => h.Manager.ChangePinAsync("0000".AsMemory(), "7305".AsMemory()).AsTask());
        Assert.Equal(0, h.PinChanger.Calls);
    }

    [Fact]
    public async Task PinChangeRequired_SurvivesARestartUnderResumeOperator_AndStillGrantsNothing()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeOperator);
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        TerminalSession restored = await h.RestartAsync();
        SessionResult signIn = await h.Manager.SignInTerminalAsync();

        Assert.Equal(TerminalSessionState.PinChangeRequired, restored.State);
        Assert.Equal("01", restored.OperatorId);
        Assert.Equal(SessionErrorKind.PinChangeRequired, signIn.Error!.Kind);
        Assert.Empty(h.Host.SignOnRequests);
    }

    [Fact]
    public async Task PinChangeRequired_AfterARestartUnderRequireSignIn_SignsTheOperatorOut()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        TerminalSession restored = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.AwaitingOperator, restored.State);
        Assert.Null(restored.OperatorId);
        Assert.Equal(SignInRequiredReason.Restart, restored.SignInRequiredReason);
    }

    [Fact]
    public async Task SignOut_FromPinChangeRequired_IsTheOtherWayOut_WithoutAHostExchange()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        SessionResult result = await h.Manager.SignOutAsync();

        Assert.True(result.Succeeded);
        Assert.Null(result.HostSignOff);
        Assert.Equal(TerminalSessionState.SignedOut, h.Stored.State);
        Assert.Null(h.Stored.OperatorId);
    }

    [Fact]
    public async Task PinChangeRequired_IsNeitherIdleLocked_NorLeftByAHostDemand()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);

        h.Time.Advance(TimeSpan.FromHours(1));
        SessionResult demanded = await h.Manager.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77");

        Assert.Equal(TerminalSessionState.PinChangeRequired, demanded.Session.State);
        Assert.Equal(SignInRequiredReason.HostDemanded, demanded.Session.SignInRequiredReason);
        Assert.Equal([SessionTrigger.RequireSignIn], h.Events.Select(e => e.Trigger));
    }

    [Fact]
    public async Task PinChange_NeverPutsAPinInResultsEventsOrSnapshots()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);
        var texts = new List<string>
        {
            (await h.Manager.ChangePinAsync("8642".AsMemory(), "7305".AsMemory())).ToString(),
            (await h.Manager.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "1234".AsMemory())).ToString(),
            (await h.Manager.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "7305".AsMemory())).ToString(),
        };
        texts.AddRange(h.Events.Select(e => $"{e.From} {e.Trigger} {e.To} {e.ActorOperatorId} {e.Session}"));
        texts.Add(h.Stored.ToString());

        foreach (string text in texts)
        {
            foreach (string pin in new[] { SessionHarness.OperatorPin, "8642", "7305" })
            {
                Assert.DoesNotContain(pin, text, StringComparison.Ordinal);
            }
        }
    }
}
