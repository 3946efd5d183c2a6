using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.State;

public sealed class TerminalSessionTransitionsTests
{
    public static TheoryData<TerminalSessionState, SessionTrigger, TerminalSessionState> AllowedRows()
    {
        var data = new TheoryData<TerminalSessionState, SessionTrigger, TerminalSessionState>();
        foreach (SessionTransition t in TerminalSessionTransitions.Allowed)
        {
            data.Add(t.From, t.Trigger, t.To);
        }

        return data;
    }

    private static readonly SessionTrigger[] Invokable =
    [
        SessionTrigger.OperatorSignIn, SessionTrigger.HostSignIn, SessionTrigger.Lock, SessionTrigger.Unlock,
        SessionTrigger.ShiftHandover, SessionTrigger.SignOut, SessionTrigger.EnterMaintenance, SessionTrigger.ExitMaintenance,
        SessionTrigger.ChangePin,
    ];

    /// <summary>(state, trigger) pairs outside the table that an operation can request directly (outside <see cref="TerminalSessionState.PinChangeRequired"/>).</summary>
    public static TheoryData<TerminalSessionState, SessionTrigger> IllegalPairs()
    {
        SessionTrigger[] invokable = Invokable;
        var data = new TheoryData<TerminalSessionState, SessionTrigger>();
        foreach (TerminalSessionState s in Enum.GetValues<TerminalSessionState>().Where(s => s != TerminalSessionState.PinChangeRequired))
        {
            foreach (SessionTrigger t in invokable.Where(t => !TerminalSessionTransitions.IsAllowed(s, t)))
            {
                data.Add(s, t);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedRows))]
    public async Task AllowedTransition_MovesToTargetState_AndPersistsSnapshotBeforeEvent(TerminalSessionState from, SessionTrigger trigger, TerminalSessionState to)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(from, InnerStateFor(from, trigger, to));
        long versionBefore = h.Stored.Version;

        await ApplyAsync(h, from, trigger, to);

        SessionTransitionedEventArgs e = Assert.Single(h.Events);
        Assert.Equal((from, trigger, to), (e.From, e.Trigger, e.To));
        TerminalSession stored = h.Stored;
        Assert.Equal(to, stored.State);
        Assert.Equal(versionBefore + 1, stored.Version);
        Assert.Equal(stored, e.Session);
        Assert.Equal(stored, Assert.Single(h.StoredWhenRaised));
        Assert.Equal(stored, h.Manager.Current);
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public async Task IllegalTransition_ThrowsTypedError_AndChangesNothing(TerminalSessionState state, SessionTrigger trigger)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(state);
        TerminalSession before = h.Stored;
        int verifications = h.Verifier.Calls;
        int hostCalls = h.Host.SignOnRequests.Count + h.Host.SignOffRequests.Count;

        var ex = await Assert.ThrowsAsync<InvalidSessionTransitionException>(() => InvokeAsync(h.Manager, trigger));

        Assert.Equal(state, ex.From);
        Assert.Equal(trigger, ex.Trigger);
        Assert.Equal(SessionErrorCodes.InvalidTransition, ex.Code);
        Assert.Equal(SessionHarness.Terminal, ex.TerminalId);
        Assert.Equal(before, h.Stored);
        Assert.Equal(before, h.Manager.Current);
        Assert.Empty(h.Events);
        Assert.Equal(verifications, h.Verifier.Calls);
        Assert.Equal(hostCalls, h.Host.SignOnRequests.Count + h.Host.SignOffRequests.Count);
        Assert.DoesNotContain(SessionHarness.OperatorPin, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Every operation the table does not allow while the operator must change the PIN.</summary>
    public static TheoryData<SessionTrigger> RefusedWhilePinChangeRequired()
    {
        var data = new TheoryData<SessionTrigger>();
        foreach (SessionTrigger t in Invokable.Where(t => !TerminalSessionTransitions.IsAllowed(TerminalSessionState.PinChangeRequired, t)))
        {
            data.Add(t);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedWhilePinChangeRequired))]
    public async Task PinChangeRequired_AnyOtherOperation_IsRefusedWithPinChangeRequired_BeforeAnyPinCheckOrHostExchange(SessionTrigger trigger)
    {
        using var h = new SessionHarness();
        await h.DriveToAsync(TerminalSessionState.PinChangeRequired);
        TerminalSession before = h.Stored;
        int verifications = h.Verifier.Calls;

        SessionResult result = await InvokeRawAsync(h.Manager, trigger);

        Assert.False(result.Succeeded);
        Assert.Equal((SessionErrorKind.PinChangeRequired, "pin_change_required"), (result.Error.Kind, result.Error.Code));
        Assert.True(result.MustChangePin);
        Assert.Null(result.Trigger);
        Assert.Equal(before, result.Session);
        Assert.Equal(before, h.Stored);
        Assert.Empty(h.Events);
        Assert.Equal(verifications, h.Verifier.Calls);
        Assert.Empty(h.Host.SignOnRequests);
        Assert.Empty(h.Host.SignOffRequests);
    }

    [Fact]
    public void PinChangeRequired_OffersOnlyPowerOnChangePinRequireSignInAndSignOut()
    {
        Assert.Equal(
            [SessionTrigger.PowerOn, SessionTrigger.ChangePin, SessionTrigger.RequireSignIn, SessionTrigger.SignOut],
            TerminalSessionTransitions.TriggersFrom(TerminalSessionState.PinChangeRequired));
        Assert.DoesNotContain(TerminalSessionTransitions.Allowed, t => t.From == TerminalSessionState.PinChangeRequired && t.To is TerminalSessionState.Ready or TerminalSessionState.Maintenance or TerminalSessionState.Locked);
    }

    [Fact]
    public void Allowed_HasNoDuplicates_AndEveryStateIsReachableAndLeavable()
    {
        IReadOnlyList<SessionTransition> rows = TerminalSessionTransitions.Allowed;
        Assert.Equal(rows.Count, rows.Distinct().Count());
        foreach (TerminalSessionState s in Enum.GetValues<TerminalSessionState>())
        {
            Assert.Contains(rows, t => t.To == s && t.From != s);
            Assert.Contains(rows, t => t.From == s && t.To != s);
            Assert.True(TerminalSessionTransitions.IsAllowed(s, SessionTrigger.PowerOn));
            Assert.True(TerminalSessionTransitions.IsAllowed(s, SessionTrigger.RequireSignIn));
        }
    }

    [Fact]
    public void TriggersFrom_Locked_OffersOnlyUnlockRequireSignInAndPowerOn()
    {
        Assert.Equal(
            [SessionTrigger.PowerOn, SessionTrigger.Unlock, SessionTrigger.RequireSignIn],
            TerminalSessionTransitions.TriggersFrom(TerminalSessionState.Locked));
    }

    [Fact]
    public void IsAllowed_WithTarget_RejectsRowsOutsideTheTable()
    {
        Assert.True(TerminalSessionTransitions.IsAllowed(TerminalSessionState.OperatorSignedIn, SessionTrigger.HostSignIn, TerminalSessionState.Ready));
        Assert.False(TerminalSessionTransitions.IsAllowed(TerminalSessionState.AwaitingOperator, SessionTrigger.HostSignIn, TerminalSessionState.Ready));
        Assert.False(TerminalSessionTransitions.IsAllowed(TerminalSessionState.Locked, SessionTrigger.Unlock, TerminalSessionState.SignedOut));
    }

    /// <summary>The state a Locked / Maintenance source must have been entered from so that the row's target is reached.</summary>
    private static TerminalSessionState? InnerStateFor(TerminalSessionState from, SessionTrigger trigger, TerminalSessionState to) => (from, trigger) switch
    {
        (TerminalSessionState.Locked, SessionTrigger.Unlock) => to,
        (TerminalSessionState.Maintenance, SessionTrigger.ExitMaintenance) => to,
        (TerminalSessionState.Maintenance, _) => TerminalSessionState.Ready,
        _ => null,
    };

    private static async Task ApplyAsync(SessionHarness h, TerminalSessionState from, SessionTrigger trigger, TerminalSessionState to)
    {
        switch (trigger)
        {
            case SessionTrigger.PowerOn:
                SessionRestorePolicy policy = to == TerminalSessionState.AwaitingOperator ? SessionRestorePolicy.RequireSignIn
                    : from == TerminalSessionState.Ready && to == TerminalSessionState.Ready ? SessionRestorePolicy.ResumeAll
                    : SessionRestorePolicy.ResumeOperator;
                await h.RestartAsync(policy);
                break;
            case SessionTrigger.HostSignInFailed:
                h.Host.NextSignOn = HostSignOnResult.Failure("96", "System malfunction");
                Assert.False((await h.Manager.SignInTerminalAsync()).Succeeded);
                break;
            case SessionTrigger.IdleTimeout:
                h.Time.Advance(h.Options.IdleLockAfter!.Value);
                break;
            case SessionTrigger.OperatorSignIn when to == TerminalSessionState.PinChangeRequired:
                h.Verifier.MustChange.Add("01");
                Assert.True((await h.Manager.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory())).MustChangePin);
                break;
            default:
                await InvokeAsync(h.Manager, trigger);
                break;
        }
    }

    private static async Task<SessionResult> InvokeRawAsync(TerminalSessionManager m, SessionTrigger trigger) => trigger switch
    {
        SessionTrigger.OperatorSignIn => await m.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory()),
        SessionTrigger.HostSignIn => await m.SignInTerminalAsync(),
        SessionTrigger.Lock => await m.LockAsync(),
        SessionTrigger.Unlock => await m.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory()),
        SessionTrigger.ShiftHandover => await m.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory()),
        SessionTrigger.SignOut => await m.SignOutAsync(),
        SessionTrigger.EnterMaintenance => await m.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory()),
        SessionTrigger.ExitMaintenance => await m.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory()),
        SessionTrigger.ChangePin => await m.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "7305".AsMemory()),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };

    private static async Task InvokeAsync(TerminalSessionManager m, SessionTrigger trigger)
    {
        switch (trigger)
        {
            case SessionTrigger.ChangePin:
                Assert.True((await m.ChangePinAsync(SessionHarness.OperatorPin.AsMemory(), "7305".AsMemory())).Succeeded);
                break;
            case SessionTrigger.OperatorSignIn:
                Assert.True((await m.SignInOperatorAsync("01", SessionHarness.OperatorPin.AsMemory())).Succeeded);
                break;
            case SessionTrigger.HostSignIn:
                Assert.True((await m.SignInTerminalAsync()).Succeeded);
                break;
            case SessionTrigger.Lock:
                await m.LockAsync();
                break;
            case SessionTrigger.Unlock:
                Assert.True((await m.UnlockAsync("01", SessionHarness.OperatorPin.AsMemory())).Succeeded);
                break;
            case SessionTrigger.RequireSignIn:
                await m.RequireSignInAsync(SignInRequiredReason.HostDemanded, "77");
                break;
            case SessionTrigger.ShiftHandover:
                Assert.True((await m.HandOverShiftAsync("02", SessionHarness.OperatorPin.AsMemory())).Succeeded);
                break;
            case SessionTrigger.SignOut:
                Assert.True((await m.SignOutAsync()).Succeeded);
                break;
            case SessionTrigger.EnterMaintenance:
                Assert.True((await m.EnterMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory())).Succeeded);
                break;
            case SessionTrigger.ExitMaintenance:
                Assert.True((await m.ExitMaintenanceAsync("99", SessionHarness.AdminPin.AsMemory())).Succeeded);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}
