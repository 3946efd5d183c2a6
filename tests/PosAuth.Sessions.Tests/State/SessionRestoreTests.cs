using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Sessions.Tests.State;

public sealed class SessionRestoreTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly TerminalSessionState[] States = Enum.GetValues<TerminalSessionState>();

    /// <summary>States a lock can be taken in, and states maintenance can be entered from, by the transition table.</summary>
    private static readonly TerminalSessionState[] LockableStates = FromWhich(SessionTrigger.Lock);

    private static readonly TerminalSessionState[] MaintainableStates = FromWhich(SessionTrigger.EnterMaintenance);

    [Theory]
    [InlineData(TerminalSessionState.AwaitingOperator, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.OperatorSignedIn, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.Ready, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.SignInRequired, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.Locked, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.PinChangeRequired, SessionRestorePolicy.RequireSignIn, TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.SignedOut, SessionRestorePolicy.RequireSignIn, TerminalSessionState.SignedOut)]
    [InlineData(TerminalSessionState.Maintenance, SessionRestorePolicy.RequireSignIn, TerminalSessionState.Maintenance)]
    [InlineData(TerminalSessionState.Ready, SessionRestorePolicy.ResumeOperator, TerminalSessionState.SignInRequired)]
    [InlineData(TerminalSessionState.OperatorSignedIn, SessionRestorePolicy.ResumeOperator, TerminalSessionState.OperatorSignedIn)]
    [InlineData(TerminalSessionState.PinChangeRequired, SessionRestorePolicy.ResumeOperator, TerminalSessionState.PinChangeRequired)]
    [InlineData(TerminalSessionState.Locked, SessionRestorePolicy.ResumeOperator, TerminalSessionState.Locked)]
    [InlineData(TerminalSessionState.Ready, SessionRestorePolicy.ResumeAll, TerminalSessionState.Ready)]
    [InlineData(TerminalSessionState.Locked, SessionRestorePolicy.ResumeAll, TerminalSessionState.Locked)]
    public void RestoreState_FollowsThePolicy(TerminalSessionState before, SessionRestorePolicy policy, TerminalSessionState after) =>
        Assert.Equal(after, SessionRestore.RestoreState(before, policy));

    [Fact]
    public void Restore_ReadyUnderRequireSignIn_SignsTheOperatorOut_WithReasonRestart_KeepingBatchAndShift()
    {
        TerminalSession ready = Session(TerminalSessionState.Ready) with { BatchNumber = 42, ShiftNumber = 7, BatchOpen = true, SignInRequiredResponseCode = "77" };

        TerminalSession restored = SessionRestore.Restore(ready, SessionRestorePolicy.RequireSignIn);

        Assert.Equal(TerminalSessionState.AwaitingOperator, restored.State);
        Assert.Null(restored.OperatorId);
        Assert.Null(restored.OperatorRole);
        Assert.Null(restored.OperatorSignedInAt);
        Assert.Null(restored.SessionStartedAt);
        Assert.Equal(SignInRequiredReason.Restart, restored.SignInRequiredReason);
        Assert.Null(restored.SignInRequiredResponseCode);
        Assert.Equal(42, restored.BatchNumber);
        Assert.Equal(7, restored.ShiftNumber);
    }

    [Fact]
    public void Restore_LockedReadyUnderResumeOperator_StaysLocked_AndUnlocksToSignInRequired()
    {
        TerminalSession locked = Session(TerminalSessionState.Locked) with { StateBeforeLock = TerminalSessionState.Ready };

        TerminalSession restored = SessionRestore.Restore(locked, SessionRestorePolicy.ResumeOperator);

        Assert.Equal(TerminalSessionState.Locked, restored.State);
        Assert.Equal(TerminalSessionState.SignInRequired, restored.StateBeforeLock);
        Assert.Equal("01", restored.OperatorId);
        Assert.Equal(SignInRequiredReason.Restart, restored.SignInRequiredReason);
    }

    [Fact]
    public void Restore_MaintenanceOverReady_StaysInMaintenance_AndRestoresTheStateBehindIt()
    {
        TerminalSession maintenance = Session(TerminalSessionState.Maintenance) with { StateBeforeMaintenance = TerminalSessionState.Ready };

        TerminalSession requireSignIn = SessionRestore.Restore(maintenance, SessionRestorePolicy.RequireSignIn);
        TerminalSession resumeOperator = SessionRestore.Restore(maintenance, SessionRestorePolicy.ResumeOperator);

        Assert.Equal(TerminalSessionState.Maintenance, requireSignIn.State);
        Assert.Equal(TerminalSessionState.AwaitingOperator, requireSignIn.StateBeforeMaintenance);
        Assert.Null(requireSignIn.OperatorId);
        Assert.Equal(TerminalSessionState.SignInRequired, resumeOperator.StateBeforeMaintenance);
        Assert.Equal(SignInRequiredReason.Restart, resumeOperator.SignInRequiredReason);
    }

    [Property]
    public Property Restore_AnySessionAndPolicy_IsAPowerOnTransitionTheTableAllows() =>
        Prop.ForAll(Sessions(), Policies(), (s, policy) =>
            TerminalSessionTransitions.IsAllowed(s.State, SessionTrigger.PowerOn, SessionRestore.Restore(s, policy).State));

    [Property]
    public Property Restore_AnySessionAndPolicy_KeepsTerminalBatchShiftAndVersion()
    {
        return Prop.ForAll(Sessions(), Policies(), (s, policy) =>
            {
                TerminalSession r = SessionRestore.Restore(s, policy);
                return r.TerminalId == s.TerminalId && r.BatchNumber == s.BatchNumber && r.BatchOpen == s.BatchOpen
                    && r.ShiftNumber == s.ShiftNumber && r.Version == s.Version && r.HostSignedInAt == s.HostSignedInAt;
            });
    }

    [Property]
    public Property Restore_UnlessResumeAll_NeverLeavesAHostSessionOpen()
    {
        // A power cycle ends the host session (the working keys are gone): not Ready, not behind a lock, not behind maintenance.
        return Prop.ForAll(Sessions(), Gen.Elements(SessionRestorePolicy.RequireSignIn, SessionRestorePolicy.ResumeOperator).ToArbitrary(), (s, policy) =>
            {
                TerminalSession r = SessionRestore.Restore(s, policy);
                return r.State != TerminalSessionState.Ready
                    && r.StateBeforeLock != TerminalSessionState.Ready
                    && r.StateBeforeMaintenance != TerminalSessionState.Ready;
            });
    }

    [Property]
    public Property Restore_WhenAHostSessionWasLost_RecordsRestart()
    {
        return Prop.ForAll(Sessions(), Gen.Elements(SessionRestorePolicy.RequireSignIn, SessionRestorePolicy.ResumeOperator).ToArbitrary(), (s, policy) =>
            {
                bool hadHostSession = Behind(s) == TerminalSessionState.Ready;
                return !hadHostSession || SessionRestore.Restore(s, policy).SignInRequiredReason == SignInRequiredReason.Restart;
            });
    }

    [Property]
    public Property Restore_UnderRequireSignIn_SignsEveryOperatorOut()
    {
        return Prop.ForAll(Sessions(), s =>
            {
                TerminalSession r = SessionRestore.Restore(s, SessionRestorePolicy.RequireSignIn);
                TerminalSessionState behind = Behind(r);
                return behind is not (TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired
                        or TerminalSessionState.Locked or TerminalSessionState.PinChangeRequired)
                    && (Behind(s) == TerminalSessionState.AwaitingOperator || behind != TerminalSessionState.AwaitingOperator || r.OperatorId is null);
            });
    }

    [Property]
    public Property Restore_UnderResumeAll_KeepsEveryState()
    {
        return Prop.ForAll(Sessions(), s =>
            {
                TerminalSession r = SessionRestore.Restore(s, SessionRestorePolicy.ResumeAll);
                return r.State == s.State && r.OperatorId == s.OperatorId && r.SignInRequiredReason == s.SignInRequiredReason
                    && r.StateBeforeLock == (s.State == TerminalSessionState.Locked ? s.StateBeforeLock ?? TerminalSessionState.SignInRequired : s.StateBeforeLock);
            });
    }

    [Property]
    public Property Restore_TwiceIsRestoreOnce()
    {
        // A second power cycle straight after the first changes nothing more.
        return Prop.ForAll(Sessions(), Policies(), (s, policy) =>
            {
                TerminalSession once = SessionRestore.Restore(s, policy);
                return SessionRestore.Restore(once, policy) == once;
            });
    }

    private static TerminalSession Session(TerminalSessionState state) => new()
    {
        TerminalId = "T0001",
        State = state,
        OperatorId = "01",
        OperatorRole = OperatorRole.Operator,
        OperatorSignedInAt = At,
        SessionStartedAt = At,
        HostSignedInAt = At,
        Version = 5,
    };

    /// <summary>Stored sessions as the manager can leave them: a lock over a state that can be locked, maintenance over one it can be entered from.</summary>
    private static Arbitrary<TerminalSession> Sessions()
    {
        Gen<TerminalSessionState?> beforeLock = Gen.Elements(LockableStates).Select(s => (TerminalSessionState?)s);
        Gen<TerminalSessionState?> beforeMaintenance = Gen.Elements(MaintainableStates).Select(s => (TerminalSessionState?)s);
        Gen<TerminalSession> gen =
            from state in Gen.Elements(States)
            from lockedOver in beforeLock
            from maintainedOver in beforeMaintenance
            from withOperator in Gen.Elements(true, false)
            from reason in Gen.Elements(Enum.GetValues<SignInRequiredReason>())
            from batch in Gen.Choose(0, 999_999)
            from shift in Gen.Choose(1, 9_999)
            from open in Gen.Elements(true, false)
            from version in Gen.Choose(0, 1_000)
            select new TerminalSession
            {
                TerminalId = "T0001",
                State = state,
                StateBeforeLock = state == TerminalSessionState.Locked ? lockedOver : null,
                StateBeforeMaintenance = state == TerminalSessionState.Maintenance ? maintainedOver : null,
                OperatorId = withOperator ? "01" : null,
                OperatorRole = withOperator ? OperatorRole.Operator : null,
                OperatorSignedInAt = withOperator ? At : null,
                SessionStartedAt = withOperator ? At : null,
                HostSignedInAt = At,
                SignInRequiredReason = reason,
                SignInRequiredResponseCode = reason == SignInRequiredReason.HostDemanded ? "77" : null,
                BatchNumber = batch,
                ShiftNumber = shift,
                BatchOpen = open,
                Version = version,
            };
        return gen.ToArbitrary();
    }

    /// <summary>The state behind a lock or maintenance (the one a restart has to judge).</summary>
    private static TerminalSessionState Behind(TerminalSession s) => s.State switch
    {
        TerminalSessionState.Locked => s.StateBeforeLock ?? s.State,
        TerminalSessionState.Maintenance => s.StateBeforeMaintenance ?? s.State,
        _ => s.State,
    };

    private static Arbitrary<SessionRestorePolicy> Policies() => Gen.Elements(Enum.GetValues<SessionRestorePolicy>()).ToArbitrary();

    private static TerminalSessionState[] FromWhich(SessionTrigger trigger) =>
        [.. TerminalSessionTransitions.Allowed.Where(t => t.Trigger == trigger && t.From != t.To).Select(t => t.From).Distinct()];
}
