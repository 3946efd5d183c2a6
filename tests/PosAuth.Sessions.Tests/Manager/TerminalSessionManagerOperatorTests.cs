using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerOperatorTests
{
    [Fact]
    public async Task SignInOperator_WithWrongPin_ReturnsRemainingAttempts_AndChangesNothing()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        TerminalSession before = h.Stored;

        SessionResult result = await h.Manager.SignInOperatorAsync("01", "9999".AsMemory());

        Assert.False(result.Succeeded);
        Assert.Equal(SessionErrorKind.VerificationFailed, result.Error!.Kind);
        Assert.Equal("wrong_pin", result.Verification!.FailureCode);
        Assert.Equal(FakeOperatorVerifier.MaxAttempts - 1, result.Verification.RemainingAttempts);
        Assert.Equal(before, result.Session);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task SignInOperator_RecordsOperatorRoleAndTimes()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        DateTimeOffset now = h.Time.GetUtcNow();

        SessionResult result = await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());

        Assert.True(result.Succeeded);
        Assert.False(result.MustChangePin);
        TerminalSession s = h.Stored;
        Assert.Equal(("01", OperatorRole.Operator), (s.OperatorId, s.OperatorRole));
        Assert.Equal(now, s.OperatorSignedInAt);
        Assert.Equal(now, s.SessionStartedAt);
        Assert.Equal(now, s.LastActivityAt);
        Assert.Equal("01", Assert.Single(h.Events).ActorOperatorId);
    }

    [Fact]
    public async Task SignInOperator_WithFactoryPin_ReportsMustChangePin()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        h.Verifier.MustChangePin = true;

        SessionResult result = await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());

        Assert.True(result.Succeeded);
        Assert.True(result.MustChangePin);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 1")]
    [InlineData("０１")]
    [InlineData("12345678901234567")]
    public async Task SignInOperator_WithMalformedOperatorNumber_IsInvalidInput_AndVerifiesNothing(string operatorId)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        TerminalSession before = h.Stored;

        SessionResult result = await h.Manager.SignInOperatorAsync(operatorId, SessionHarness.OperatorPin.AsMemory());

        Assert.Equal((SessionErrorKind.InvalidInput, "invalid_input"), (result.Error!.Kind, result.Error.Code));
        Assert.Null(result.Verification);
        Assert.Equal(0, h.Verifier.Calls);
        Assert.Equal(before, h.Stored);
    }

    [Fact]
    public async Task SignInOperator_WithAMegabyteOperatorNumber_IsInvalidInput_AndVerifiesNothing()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);

        SessionResult result = await h.Manager.SignInOperatorAsync(new string('1', 1_000_000), SessionHarness.OperatorPin.AsMemory());

        Assert.Equal(SessionErrorKind.InvalidInput, result.Error!.Kind);
        Assert.Equal(0, h.Verifier.Calls);
        Assert.Throws<ArgumentNullException>(() => { _ = h.Manager.SignInOperatorAsync(null!, SessionHarness.OperatorPin.AsMemory()); });
    }

    [Fact]
    public async Task SignInOperator_WithWrongPin_CarriesNeitherTheNumberNorARole()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);

        SessionResult result = await h.Manager.SignInOperatorAsync("4711", "2580".AsMemory());

        Assert.Equal(SessionErrorKind.VerificationFailed, result.Error!.Kind);
        Assert.Null(result.Verification!.Role);
        Assert.Null(result.Verification.OperatorId);
        Assert.DoesNotContain("4711", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_BySameOperator_ReturnsToStateBeforeLock()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);

        SessionResult result = await h.Manager.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory());

        Assert.True(result.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
        Assert.Null(h.Stored.StateBeforeLock);
        Assert.Equal("01", h.Stored.OperatorId);
    }

    [Fact]
    public async Task Unlock_BySupervisor_KeepsTheOperatorSignedIn()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);

        SessionResult result = await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory());

        Assert.True(result.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
        Assert.Equal("01", h.Stored.OperatorId);
        Assert.Equal("00", Assert.Single(h.Events).ActorOperatorId);
    }

    [Fact]
    public async Task Unlock_ByAnotherOrdinaryOperator_IsRefused_AndStaysLocked()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);
        TerminalSession before = h.Stored;

        SessionResult result = await h.Manager.UnlockAsync("02", SessionHarness.OperatorPin.AsMemory());

        Assert.False(result.Succeeded);
        Assert.Equal((SessionErrorKind.UnlockNotPermitted, SessionErrorCodes.UnlockNotPermitted), (result.Error.Kind, result.Error.Code));
        Assert.Equal(("02", OperatorRole.Operator), (result.Verification!.OperatorId, result.Verification.Role));
        Assert.Null(result.Trigger);
        Assert.Equal(before, result.Session);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task Unlock_OfAdministratorSession_BySupervisor_IsRefused()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        await h.Manager.SignInOperatorAsync("99", SessionHarness.AdminPin.AsMemory());
        await h.Manager.LockAsync();

        SessionResult result = await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory());

        Assert.Equal(SessionErrorKind.UnlockNotPermitted, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Fact]
    public async Task Unlock_WithWrongPin_StaysLocked_AndReportsRemainingAttempts()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);

        await h.Manager.UnlockAsync("01", "1111".AsMemory());
        SessionResult second = await h.Manager.UnlockAsync("01", "2222".AsMemory());

        Assert.False(second.Succeeded);
        Assert.Equal(FakeOperatorVerifier.MaxAttempts - 2, second.Verification!.RemainingAttempts);
        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Fact]
    public async Task HandOverShift_ChangesOperator_IncrementsShift_KeepsBatchAndState()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        TerminalSession before = h.Stored;
        h.Time.Advance(TimeSpan.FromMinutes(1));

        SessionResult result = await h.Manager.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory());

        TerminalSession after = h.Stored;
        Assert.True(result.Succeeded);
        Assert.Equal(TerminalSessionState.Ready, after.State);
        Assert.Equal("02", after.OperatorId);
        Assert.Equal(before.ShiftNumber + 1, after.ShiftNumber);
        Assert.Equal(before.BatchNumber, after.BatchNumber);
        Assert.True(after.BatchOpen);
        Assert.Equal(before.HostSignedInAt, after.HostSignedInAt);
        Assert.Equal(h.Time.GetUtcNow(), after.OperatorSignedInAt);
        Assert.Empty(h.Host.SignOffRequests);
    }

    [Fact]
    public async Task SignOut_FromReady_SignsOffAtHost_ClosesShiftAndBatch()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        SessionResult result = await h.Manager.SignOutAsync();

        HostSignOffRequest request = Assert.Single(h.Host.SignOffRequests);
        Assert.Equal((SessionHarness.Terminal, "01", 123, 1, NetworkManagementCode.SignOut), (request.TerminalId, request.OperatorId, request.BatchNumber, request.ShiftNumber, request.NetworkManagementCode));
        Assert.True(result.Succeeded);
        Assert.True(result.HostSignOff!.Succeeded);
        TerminalSession s = h.Stored;
        Assert.Equal(TerminalSessionState.SignedOut, s.State);
        Assert.Null(s.OperatorId);
        Assert.False(s.BatchOpen);
        Assert.Equal(2, s.ShiftNumber);
        Assert.Equal(123, s.BatchNumber);
        Assert.Equal("01", Assert.Single(h.Events).ActorOperatorId);
    }

    [Fact]
    public async Task SignOut_WhenHostDoesNotAcknowledge_StillSignsOutLocally_AndRecordsTheFailure()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Host.NextSignOff = new HostSignOffResult(false, null, "No answer");

        SessionResult result = await h.Manager.SignOutAsync();

        Assert.False(result.HostSignOff!.Succeeded);
        Assert.Equal(TerminalSessionState.SignedOut, h.Stored.State);
        Assert.Equal(false, h.Stored.LastHostSucceeded);
        Assert.Equal("No answer", h.Stored.LastHostFailureReason);
    }

    [Fact]
    public async Task SignOut_BeforeHostSignIn_DoesNotContactTheHost()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);

        SessionResult result = await h.Manager.SignOutAsync();

        Assert.Null(result.HostSignOff);
        Assert.Empty(h.Host.SignOffRequests);
        Assert.Equal(TerminalSessionState.SignedOut, h.Stored.State);
    }

    [Fact]
    public async Task SignedOut_NextOperatorSignsIn_WithNextShift()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.SignedOut);

        await h.Manager.SignInOperatorAsync("02", SessionHarness.OperatorPin.AsMemory());
        await h.Manager.SignInTerminalAsync();

        Assert.Equal(2, h.Host.SignOnRequests[^1].ShiftNumber);
        Assert.Equal("02", h.Host.SignOnRequests[^1].OperatorId);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
    }

    [Theory]
    [InlineData("00", SessionHarness.SupervisorPin, OperatorRole.Supervisor)]
    [InlineData("01", SessionHarness.OperatorPin, OperatorRole.Operator)]
    public async Task EnterMaintenance_ByNonAdministrator_IsRefused_AndChangesNothing(string operatorId, string pin, OperatorRole role)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        TerminalSession before = h.Stored;

        SessionResult result = await h.Manager.EnterMaintenanceAsync(operatorId, pin.AsMemory());

        Assert.Equal(SessionErrorKind.MaintenanceNotPermitted, result.Error!.Kind);
        Assert.Equal(SessionErrorCodes.MaintenanceNotPermitted, result.Error.Code);
        Assert.Equal(role, result.Verification!.Role);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task ExitMaintenance_ByNonAdministrator_IsRefused_AndStaysInMaintenance()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Maintenance);

        SessionResult result = await h.Manager.ExitMaintenanceAsync("00", SessionHarness.SupervisorPin.AsMemory());

        Assert.Equal(SessionErrorKind.MaintenanceNotPermitted, result.Error!.Kind);
        Assert.Equal(TerminalSessionState.Maintenance, h.Stored.State);
    }

    [Fact]
    public async Task Maintenance_ByAdministrator_EntersAndReturnsToThePreviousState()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        SessionResult entered = await h.Manager.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory());
        Assert.Equal(TerminalSessionState.Maintenance, entered.Session.State);
        Assert.Equal(TerminalSessionState.Ready, entered.Session.StateBeforeMaintenance);
        Assert.Equal("01", entered.Session.OperatorId);

        SessionResult exited = await h.Manager.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory());
        Assert.Equal(TerminalSessionState.Ready, exited.Session.State);
        Assert.Null(exited.Session.StateBeforeMaintenance);
        Assert.All(h.Events, e => Assert.Equal("99", e.ActorOperatorId));
    }

    [Fact]
    public async Task Pins_NeverAppearInEventsSnapshotsResultsOrExceptionMessages()
    {
        using var h = new SessionHarness();
        var texts = new List<string>();
        await h.DriveToAsync(TerminalSessionState.Ready);
        texts.Add((await h.Manager.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory())).ToString());
        texts.Add((await Assert.ThrowsAsync<InvalidSessionTransitionException>(() => h.Manager.SignInOperatorAsync("01", "8642".AsMemory()).AsTask())).ToString());
        await h.Manager.LockAsync();
        texts.Add((await h.Manager.UnlockAsync("01", "8642".AsMemory())).ToString());
        texts.Add((await h.Manager.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory())).ToString()); // 02 holds the shift: refused
        texts.Add((await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory())).ToString());
        texts.Add((await h.Manager.EnterMaintenanceAsync("00", SessionHarness.SupervisorPin.AsMemory())).ToString());
        texts.Add((await h.Manager.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory())).ToString());
        texts.AddRange(h.Events.Select(e => $"{e.From} {e.Trigger} {e.To} {e.ActorOperatorId} {e.Session}"));
        texts.Add(h.Stored.ToString());

        Assert.True(h.Events.Count >= 4);
        foreach (string text in texts)
        {
            foreach (string pin in new[] { SessionHarness.OperatorPin, SessionHarness.SupervisorPin, SessionHarness.AdminPin, "8642" })
            {
                Assert.DoesNotContain(pin, text, StringComparison.Ordinal);
            }
        }
    }
}
