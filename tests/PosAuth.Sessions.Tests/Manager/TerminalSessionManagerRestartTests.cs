using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerRestartTests
{
    [Fact]
    public async Task RestoreOrStart_WhenStoreEmpty_StartsAwaitingOperatorAtVersionOne()
    {
        using var h = new SessionHarness();

        TerminalSession s = (await h.Manager.RestoreOrStartAsync()).Session;

        Assert.Equal(TerminalSessionState.AwaitingOperator, s.State);
        Assert.Equal(1, s.Version);
        Assert.Equal(1, s.BatchNumber);
        Assert.Equal(1, s.ShiftNumber);
        Assert.Equal(s, h.Stored);
        SessionTransitionedEventArgs e = Assert.Single(h.Events);
        Assert.Equal(SessionTrigger.PowerOn, e.Trigger);
    }

    [Fact]
    public async Task Restart_WithDefaultPolicy_RequiresSignInAgain_AndKeepsBatchAndShift()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        await h.Manager.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory());
        TerminalSession before = h.Stored;
        Assert.Equal(123, before.BatchNumber);
        Assert.Equal(2, before.ShiftNumber);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(SessionRestorePolicy.RequireSignIn, new SessionOptions().RestorePolicy);
        Assert.Equal(TerminalSessionState.AwaitingOperator, after.State);
        Assert.Equal(SignInRequiredReason.Restart, after.SignInRequiredReason);
        Assert.Null(after.OperatorId);
        Assert.Null(after.OperatorRole);
        Assert.Equal(before.BatchNumber, after.BatchNumber);
        Assert.Equal(before.ShiftNumber, after.ShiftNumber);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(after, h.Stored);

        // A new sign-in with the surviving batch and shift brings it back to Ready.
        await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());
        SessionResult ready = await h.Manager.SignInTerminalAsync();
        Assert.Equal(TerminalSessionState.Ready, ready.Session.State);
        Assert.Equal(SignInRequiredReason.None, ready.Session.SignInRequiredReason);
        HostSignOnRequest request = h.Host.SignOnRequests[^1];
        Assert.Equal((123, 2), (request.BatchNumber, request.ShiftNumber));
    }

    [Fact]
    public async Task Restart_WithResumeOperatorPolicy_KeepsOperator_ButRequiresHostSignIn()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeOperator);
        await h.DriveToAsync(TerminalSessionState.Ready);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.SignInRequired, after.State);
        Assert.Equal(SignInRequiredReason.Restart, after.SignInRequiredReason);
        Assert.Equal("01", after.OperatorId);
        Assert.Equal(OperatorRole.Operator, after.OperatorRole);
        Assert.Equal(123, after.BatchNumber);
        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.SignInTerminalAsync()).Session.State);
    }

    [Fact]
    public async Task Restart_WithResumeOperatorPolicy_KeepsALockedTerminalLocked()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeOperator);
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.Locked, after.State);
        Assert.Equal(TerminalSessionState.SignInRequired, after.StateBeforeLock);
        SessionResult unlocked = await h.Manager.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory());
        Assert.Equal(TerminalSessionState.SignInRequired, unlocked.Session.State);
    }

    [Fact]
    public async Task Restart_WithResumeAllPolicy_RestoresReady()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeAll);
        await h.DriveToAsync(TerminalSessionState.Ready);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.Ready, after.State);
        Assert.Equal(SignInRequiredReason.None, after.SignInRequiredReason);
    }

    [Fact]
    public async Task Restart_InMaintenance_StaysInMaintenance_AndReturnsToSignInAfterwards()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Maintenance, TerminalSessionState.Ready);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.Maintenance, after.State);
        Assert.Equal(TerminalSessionState.AwaitingOperator, after.StateBeforeMaintenance);
        Assert.Null(after.OperatorId);
        SessionResult exited = await h.Manager.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory());
        Assert.Equal(TerminalSessionState.AwaitingOperator, exited.Session.State);
    }

    [Fact]
    public async Task Restart_AfterSignOut_StaysSignedOut()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.SignedOut);

        TerminalSession after = await h.RestartAsync();

        Assert.Equal(TerminalSessionState.SignedOut, after.State);
        Assert.Equal(2, after.ShiftNumber);
    }

    [Fact]
    public async Task Operation_BeforeRestoreOrStart_ThrowsNotStarted()
    {
        using var h = new SessionHarness();

        var ex = await Assert.ThrowsAsync<SessionNotStartedException>(() => h.Manager.LockAsync().AsTask());

        Assert.Equal(SessionErrorCodes.NotStarted, ex.Code);
    }

    [Fact]
    public async Task Save_WhenAnotherManagerWroteFirst_ThrowsConcurrencyConflict_AndKeepsTheOtherWrite()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        var racingStore = new RacingStore(h.Store);
        using var manager = new TerminalSessionManager(SessionHarness.Terminal, racingStore, h.Verifier, h.PinChanger, h.Host, Microsoft.Extensions.Options.Options.Create(new SessionOptions()), h.Time);

        var ex = await Assert.ThrowsAsync<SessionConcurrencyException>(() => manager.LockAsync().AsTask());

        Assert.Equal(SessionErrorCodes.ConcurrencyConflict, ex.Code);
        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
    }

    [Fact]
    public async Task ConcurrentOperations_OnOneManager_AreSerialised_WithoutConflicts()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        long before = h.Stored.Version;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await h.Manager.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77"))));

        Assert.Equal(before + 20, h.Stored.Version);
        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
    }

    /// <summary>Lets another writer (a RequireSignIn) in between this manager's read and its save.</summary>
    private sealed class RacingStore(InMemorySessionStore inner) : ISessionStore
    {
        public ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken) => inner.GetAsync(terminalId, cancellationToken);

        public async ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken)
        {
            TerminalSession current = (await inner.GetAsync(session.TerminalId, cancellationToken))!;
            await inner.TrySaveAsync(current with { State = TerminalSessionState.SignInRequired, Version = current.Version + 1 }, current.Version, cancellationToken);
            return await inner.TrySaveAsync(session, expectedVersion, cancellationToken);
        }

        public ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken) => inner.DeleteAsync(terminalId, cancellationToken);

        public ValueTask DeleteAllAsync(CancellationToken cancellationToken) => inner.DeleteAllAsync(cancellationToken);
    }
}
