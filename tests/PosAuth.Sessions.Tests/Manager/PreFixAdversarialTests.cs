using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

// Written against the API before the fix, to see each attack succeed on the old code.
public sealed class PreFixAdversarialTests
{
    [Fact]
    public async Task PreFix_Unlock_WithMustChangePin_LeavesTheTerminalLocked()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Locked, TerminalSessionState.Ready);
        h.Verifier.MustChangePin = true;
        try { await h.Manager.UnlockAsync("00", SessionHarness.SupervisorPin.AsMemory()); } catch (SessionException) { }
        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Fact]
    public async Task PreFix_EnterMaintenance_WithMustChangePin_IsRefused()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        h.Verifier.MustChangePin = true;
        try { await h.Manager.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory()); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Maintenance, h.Stored.State);
    }

    [Fact]
    public async Task PreFix_HandOver_ToMustChangeOperator_IsRefused()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Verifier.MustChangePin = true;
        try { await h.Manager.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory()); } catch (SessionException) { }
        Assert.Equal("01", h.Stored.OperatorId);
    }

    [Fact]
    public async Task PreFix_SignInTerminal_AfterMustChangeSignIn_NeverReachesReady()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        h.Verifier.MustChangePin = true;
        await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());
        try { await h.Manager.SignInTerminalAsync(); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Ready, h.Stored.State);
        Assert.Empty(h.Host.SignOnRequests);
    }

    [Fact]
    public async Task PreFix_MustChange_SurvivesRestore()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeOperator);
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);
        h.Verifier.MustChangePin = true;
        await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory());
        await h.RestartAsync();
        try { await h.Manager.SignInTerminalAsync(); } catch (SessionException) { }
        Assert.NotEqual(TerminalSessionState.Ready, h.Stored.State);
    }

    [Fact]
    public async Task PreFix_MaxSessionAge_BackwardWallClockJump_DoesNotExtendTheSession()
    {
        using var h = new SessionHarness(o => o.UseIdleTimer = false);
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Time.Advance(TimeSpan.FromHours(23));
        h.Time.JumpWallClock(TimeSpan.FromHours(-10));
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Manager.CheckTimeRulesAsync();
        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
    }

    [Fact]
    public async Task PreFix_DayCutOver_BackwardWallClockJump_DoesNotSkipTheCutOver()
    {
        using var h = new SessionHarness(o => { o.UseIdleTimer = false; o.DayCutOver = new TimeOnly(23, 0); o.MaxSessionAge = null; });
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 22, 0, 0, TimeSpan.Zero));
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Time.Advance(TimeSpan.FromHours(2));        // 00:00: the 23:00 cut-over has passed
        h.Time.JumpWallClock(TimeSpan.FromHours(-2)); // someone sets the clock back to 22:00
        await h.Manager.CheckTimeRulesAsync();
        Assert.Equal(TerminalSessionState.SignInRequired, h.Stored.State);
    }
}
