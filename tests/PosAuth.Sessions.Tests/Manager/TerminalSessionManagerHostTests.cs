using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerHostTests
{
    [Fact]
    public async Task SignInTerminal_SendsTerminalOperatorBatchShiftAndCode_AndRecordsOutcome()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);
        h.Host.HostBatchNumber = 4711;
        DateTimeOffset now = h.Time.GetUtcNow();

        SessionResult result = await h.Manager.SignInTerminalAsync();

        HostSignOnRequest request = Assert.Single(h.Host.SignOnRequests);
        Assert.Equal(new HostSignOnRequest(SessionHarness.Terminal, "01", 1, 1, NetworkManagementCode.SignInDoubleLengthKeys), request);
        Assert.True(result.Succeeded);
        TerminalSession s = h.Stored;
        Assert.Equal(TerminalSessionState.Ready, s.State);
        Assert.Equal(4711, s.BatchNumber);
        Assert.True(s.BatchOpen);
        Assert.Equal(now, s.HostSignedInAt);
        Assert.Equal("01", s.OperatorId);
        Assert.Equal(true, s.LastHostSucceeded);
        Assert.Equal("00", s.LastHostResponseCode);
        Assert.Equal(now, s.LastHostExchangeAt);
    }

    [Fact]
    public async Task SignInTerminal_WhenHostDeclines_StaysOperatorSignedIn_WithResponseCodeAndReason()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);
        h.Host.NextSignOn = HostSignOnResult.Failure("96", "System malfunction");

        SessionResult result = await h.Manager.SignInTerminalAsync();

        Assert.False(result.Succeeded);
        Assert.Equal("96", result.HostSignOn!.ResponseCode);
        TerminalSession s = h.Stored;
        Assert.Equal(TerminalSessionState.OperatorSignedIn, s.State);
        Assert.Equal(false, s.LastHostSucceeded);
        Assert.Equal("96", s.LastHostResponseCode);
        Assert.Equal("System malfunction", s.LastHostFailureReason);
        Assert.False(s.BatchOpen);
        Assert.Null(s.HostSignedInAt);
        Assert.Equal(SessionTrigger.HostSignInFailed, Assert.Single(h.Events).Trigger);
    }

    [Fact]
    public async Task SignInTerminal_WhenExchangeThrows_RecordsFailureWithoutMessage()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);
        h.Host.ThrowOnSignOn = new TimeoutException("socket detail that should not be copied");

        SessionResult result = await h.Manager.SignInTerminalAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(TerminalSessionState.OperatorSignedIn, h.Stored.State);
        Assert.Null(h.Stored.LastHostResponseCode);
        Assert.Equal("Host sign-in exchange failed: TimeoutException", h.Stored.LastHostFailureReason);
    }

    [Fact]
    public async Task SignInTerminal_WhenCancelled_ChangesNothing()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);
        TerminalSession before = h.Stored;
        using var cts = new CancellationTokenSource();
        h.Host.ThrowOnSignOn = new OperationCanceledException(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Manager.SignInTerminalAsync(cts.Token).AsTask());

        Assert.Equal(before, h.Stored);
    }

    [Fact]
    public async Task HostDemandsSignIn77_MovesToSignInRequired_ThenSignInAgain_MakesReady()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        TerminalSession required = (await h.Manager.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77")).Session;
        Assert.Equal(TerminalSessionState.SignInRequired, required.State);
        Assert.Equal(SignInRequiredReason.HostDemanded, required.SignInRequiredReason);
        Assert.Equal("77", required.SignInRequiredResponseCode);

        SessionResult again = await h.Manager.SignInTerminalAsync();

        Assert.Equal(TerminalSessionState.Ready, again.Session.State);
        Assert.Equal(SignInRequiredReason.None, again.Session.SignInRequiredReason);
        Assert.Null(again.Session.SignInRequiredResponseCode);
        Assert.Equal(
            [(TerminalSessionState.Ready, SessionTrigger.RequireSignIn, TerminalSessionState.SignInRequired), (TerminalSessionState.SignInRequired, SessionTrigger.HostSignIn, TerminalSessionState.Ready)],
            h.Events.Select(e => (e.From, e.Trigger, e.To)));
    }

    [Fact]
    public async Task SignInAgain_WhenHostStillDeclines_StaysSignInRequired_KeepingTheOriginalReason()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.SignInRequired);
        h.Host.NextSignOn = HostSignOnResult.Failure("A0", "MAC check failed");

        SessionResult result = await h.Manager.SignInTerminalAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
        Assert.Equal(SignInRequiredReason.HostDemanded, h.Stored.SignInRequiredReason);
        Assert.Equal("A0", h.Stored.LastHostResponseCode);
    }

    [Fact]
    public async Task ReSignIn_FromReady_WhenDeclined_RequiresSignIn()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Host.NextSignOn = HostSignOnResult.Failure(null, "No answer");

        await h.Manager.SignInTerminalAsync();

        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
        Assert.Equal(SignInRequiredReason.HostSignInFailed, h.Stored.SignInRequiredReason);
    }

    [Fact]
    public async Task ReportBatch_WhenHostBatchDiffers_RequiresSignIn_AndWhenEqual_ChangesNothing()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        TerminalSession same = (await h.Manager.ReportBatchAsync(123)).Session;
        Assert.Equal(TerminalSessionState.Ready, same.State);
        Assert.Empty(h.Events);

        TerminalSession mismatch = (await h.Manager.ReportBatchAsync(124)).Session;
        Assert.Equal(TerminalSessionState.SignInRequired, mismatch.State);
        Assert.Equal(SignInRequiredReason.BatchMismatch, mismatch.SignInRequiredReason);
    }

    [Fact]
    public async Task RequireSignIn_WhileLocked_KeepsTheLock()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);

        TerminalSession s = (await h.Manager.RequireSignInAsync(SignInRequiredReason.MacOrPinKeyError, "A0")).Session;

        Assert.Equal(TerminalSessionState.Locked, s.State);
        Assert.Equal(TerminalSessionState.SignInRequired, s.StateBeforeLock);
        await Assert.ThrowsAsync<InvalidSessionTransitionException>(() => h.Manager.SignInTerminalAsync().AsTask());
    }

    [Fact]
    public async Task RequireSignIn_WithReasonNone_IsRejected()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Manager.RequireSignInAsync(SignInRequiredReason.None).AsTask());
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
    }

    [Fact]
    public void HostSignOnResult_RejectsABatchNumberOfMoreThanSixDigits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HostSignOnResult.Success(1_000_000));
        Assert.Equal(999_999, HostSignOnResult.Success(999_999).BatchNumber);
    }
}
