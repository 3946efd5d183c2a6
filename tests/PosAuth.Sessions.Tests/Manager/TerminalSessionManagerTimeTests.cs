using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerTimeTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08");

    [Fact]
    public async Task IdleTimer_AfterIdleLockAfter_LocksTheTerminal()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        TerminalSession locked = h.Stored;
        Assert.Equal(TerminalSessionState.Locked, locked.State);
        Assert.Equal(TerminalSessionState.Ready, locked.StateBeforeLock);
        SessionTransitionedEventArgs e = Assert.Single(h.Events);
        Assert.Equal(SessionTrigger.IdleTimeout, e.Trigger);
        Assert.Null(e.ActorOperatorId);
    }

    [Fact]
    public async Task IdleTimer_AfterRestartWithResumeOperator_IsArmedAgain()
    {
        using var h = new SessionHarness(o => o.RestorePolicy = SessionRestorePolicy.ResumeOperator);
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);
        await h.RestartAsync();
        Assert.Equal(TerminalSessionState.OperatorSignedIn, h.Stored.State);

        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Fact]
    public async Task IdleTimer_AfterDispose_NoLongerLocks()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Manager.Dispose();
        h.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
    }

    [Fact]
    public async Task RecordActivity_PostponesTheIdleLock()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromMinutes(4));
        h.Manager.RecordActivity();
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
    }

    [Fact]
    public async Task CheckIdle_WithoutTimer_LocksOnlyOnceIdle()
    {
        using var h = new SessionHarness(o => { o.UseIdleTimer = false; o.IdleLockAfter = TimeSpan.FromMinutes(2); });
        await h.DriveToAsync(TerminalSessionState.OperatorSignedIn);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(TerminalSessionState.OperatorSignedIn, h.Stored.State);
        Assert.Equal(SessionTrigger.IdleTimeout, (await h.Manager.CheckIdleAsync()).Trigger);
        Assert.Null((await h.Manager.CheckIdleAsync()).Trigger);

        Assert.Equal(TerminalSessionState.Locked, h.Stored.State);
        Assert.Single(h.Events);
    }

    [Fact]
    public async Task IdleTimer_WhenNobodySignedIn_DoesNothing()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.AwaitingOperator);

        h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TerminalSessionState.AwaitingOperator, h.Stored.State);
        Assert.Empty(h.Events);
        Assert.Null((await h.Manager.CheckIdleAsync()).Trigger);
    }

    [Fact]
    public async Task IdleLock_WhenDisabled_NeverLocks()
    {
        using var h = new SessionHarness(o => o.IdleLockAfter = null);
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromHours(2));

        Assert.Null((await h.Manager.CheckIdleAsync()).Trigger);
        Assert.Equal(TerminalSessionState.Ready, h.Stored.State);
    }

    [Fact]
    public async Task DayCutOver_AtConfiguredLocalTime_RequiresSignInOnNextOperation()
    {
        // 2026-01-05 09:00 UTC = 17:00 Beijing; cut-over at 23:00 Beijing = 15:00 UTC.
        using var h = new SessionHarness(o => { o.DayCutOver = new TimeOnly(23, 0); o.IdleLockAfter = null; });
        h.Time.SetLocalTimeZone(Beijing);
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1));
        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.CheckTimeRulesAsync()).Session.State);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        TerminalSession s = (await h.Manager.CheckTimeRulesAsync()).Session;

        Assert.Equal(TerminalSessionState.SignInRequired, s.State);
        Assert.Equal(SignInRequiredReason.DayCutOver, s.SignInRequiredReason);
        Assert.Equal(SessionTrigger.RequireSignIn, Assert.Single(h.Events).Trigger);
        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.SignInTerminalAsync()).Session.State);
    }

    [Fact]
    public async Task DayCutOver_BeforeAnOperation_IsAppliedFirst_SoTheOperationSeesSignInRequired()
    {
        using var h = new SessionHarness(o => { o.DayCutOver = new TimeOnly(0, 0); o.IdleLockAfter = null; });
        h.Time.SetLocalTimeZone(Beijing);
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Time.Advance(TimeSpan.FromHours(8)); // 01:00 next day in Beijing

        TerminalSession locked = (await h.Manager.LockAsync()).Session;

        Assert.Equal(TerminalSessionState.Locked, locked.State);
        Assert.Equal(TerminalSessionState.SignInRequired, locked.StateBeforeLock);
        Assert.Equal(SignInRequiredReason.DayCutOver, locked.SignInRequiredReason);
        Assert.Equal([SessionTrigger.RequireSignIn, SessionTrigger.Lock], h.Events.Select(e => e.Trigger));
    }

    [Fact]
    public async Task DayCutOver_WhenWallClockIsSetBackwards_DoesNotFire()
    {
        using var h = new SessionHarness(o => { o.DayCutOver = new TimeOnly(23, 0); o.IdleLockAfter = null; });
        h.Time.SetLocalTimeZone(Beijing);
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.JumpWallClock(TimeSpan.FromHours(-3));

        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.CheckTimeRulesAsync()).Session.State);
    }

    [Fact]
    public async Task MaxSessionAge_WhenExceeded_RequiresSignIn()
    {
        using var h = new SessionHarness(o => { o.MaxSessionAge = TimeSpan.FromHours(8); o.IdleLockAfter = null; });
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.CheckTimeRulesAsync()).Session.State);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        TerminalSession s = (await h.Manager.CheckTimeRulesAsync()).Session;
        Assert.Equal(TerminalSessionState.SignInRequired, s.State);
        Assert.Equal(SignInRequiredReason.MaxSessionAge, s.SignInRequiredReason);
    }

    [Fact]
    public async Task MaxSessionAge_WhileLocked_KeepsLock_AndUnlockLeadsToSignInRequired()
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Time.Advance(TimeSpan.FromHours(25)); // idle lock first, then the age rule on the next operation

        TerminalSession s = (await h.Manager.CheckTimeRulesAsync()).Session;

        Assert.Equal(TerminalSessionState.Locked, s.State);
        Assert.Equal(TerminalSessionState.SignInRequired, s.StateBeforeLock);
        Assert.Equal(SignInRequiredReason.MaxSessionAge, s.SignInRequiredReason);
        SessionResult unlocked = await h.Manager.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory());
        Assert.Equal(TerminalSessionState.SignInRequired, unlocked.Session.State);
    }

    [Fact]
    public async Task MaxSessionAge_AWallClockSetBackwards_DoesNotExtendTheSession()
    {
        using var h = new SessionHarness(o => o.IdleLockAfter = null);
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromHours(23));
        h.Time.JumpWallClock(TimeSpan.FromHours(-10)); // the wall clock now says 13 h since the sign-in
        h.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.CheckTimeRulesAsync()).Session.State);
        h.Time.Advance(TimeSpan.FromSeconds(1)); // 24 h of real time

        SessionResult result = await h.Manager.CheckTimeRulesAsync();

        Assert.Equal(TerminalSessionState.SignInRequired, result.Session.State);
        Assert.Equal(SignInRequiredReason.MaxSessionAge, result.Session.SignInRequiredReason);
        Assert.Equal(SessionTrigger.RequireSignIn, result.Trigger);
    }

    [Fact]
    public async Task DayCutOver_AWallClockSetBackAcrossTheCutOver_StillRequiresSignIn()
    {
        // Sign-in at 22:00 Beijing, cut-over 23:00; two real hours later (00:00) someone sets the clock back to 22:00.
        using var h = new SessionHarness(o => { o.DayCutOver = new TimeOnly(23, 0); o.IdleLockAfter = null; o.MaxSessionAge = null; });
        h.Time.SetLocalTimeZone(Beijing);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero));
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.Advance(TimeSpan.FromHours(2));
        h.Time.JumpWallClock(TimeSpan.FromHours(-2));
        SessionResult result = await h.Manager.CheckTimeRulesAsync();

        Assert.Equal(TerminalSessionState.SignInRequired, result.Session.State);
        Assert.Equal(SignInRequiredReason.DayCutOver, result.Session.SignInRequiredReason);
    }

    [Fact]
    public async Task TimeRules_AWallClockSetForwards_EndTheSessionEarly()
    {
        using var h = new SessionHarness(o => o.IdleLockAfter = null);
        await h.DriveToAsync(TerminalSessionState.Ready);

        h.Time.JumpWallClock(TimeSpan.FromHours(25));

        Assert.Equal(TerminalSessionState.SignInRequired, (await h.Manager.CheckTimeRulesAsync()).Session.State);
    }

    [Fact]
    public async Task TimeRules_AfterANewHostSignIn_CountFromTheNewSignIn()
    {
        using var h = new SessionHarness(o => o.IdleLockAfter = null);
        await h.DriveToAsync(TerminalSessionState.Ready);
        h.Time.Advance(TimeSpan.FromHours(20));
        Assert.True((await h.Manager.SignInTerminalAsync()).Succeeded); // manual re-sign-in
        h.Time.JumpWallClock(TimeSpan.FromHours(-3));

        h.Time.Advance(TimeSpan.FromHours(23));

        Assert.Equal(TerminalSessionState.Ready, (await h.Manager.CheckTimeRulesAsync()).Session.State);
    }
}
