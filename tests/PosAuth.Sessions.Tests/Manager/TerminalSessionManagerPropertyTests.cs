using FsCheck;
using FsCheck.Fluent;
using PosAuth.Sessions.Tests.Fakes;

namespace PosAuth.Sessions.Tests.Manager;

public sealed class TerminalSessionManagerPropertyTests
{
    private const int Operations = 18;
    private const int Variants = 8;

    private static readonly string[] OperatorIds = ["01", "02", "00", "99"];
    private static readonly string[] Pins = [SessionHarness.OperatorPin, SessionHarness.OperatorPin, SessionHarness.SupervisorPin, SessionHarness.AdminPin];
    private static readonly TimeSpan[] Steps = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(6), TimeSpan.FromHours(2), TimeSpan.FromHours(25)];

    [Fact]
    public void RandomOperationSequences_StayInsideTheTable_AndThrowOnlyTypedErrors()
    {
        Arbitrary<int[]> sequences = Gen.Choose(0, (Operations * Variants) - 1).ArrayOf().ToArbitrary();
        Property property = Prop.ForAll(sequences, (int[] ops) => Run(ops));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);

        // The generator really explores the machine: every state and every trigger is seen. Rare paths
        // (leaving maintenance needs the administrator twice) may need more random runs: up to 20 rounds
        // more, each also checking the property, so a miss means the generator cannot reach them.
        for (int round = 0; round < 20 && !Covered(); round++)
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);
        }

        Assert.Equal(Enum.GetValues<TerminalSessionState>().Length, _visitedStates.Count);
        Assert.Equal(Enum.GetValues<SessionTrigger>().Length, _firedTriggers.Count);
    }

    private bool Covered() =>
        _visitedStates.Count == Enum.GetValues<TerminalSessionState>().Length
        && _firedTriggers.Count == Enum.GetValues<SessionTrigger>().Length;

    private readonly HashSet<TerminalSessionState> _visitedStates = [];
    private readonly HashSet<SessionTrigger> _firedTriggers = [];

    private void Run(int[] ops)
    {
        using var h = new SessionHarness(o => o.DayCutOver = new TimeOnly(23, 0));
        h.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08"));
        h.Manager.RestoreOrStartAsync().AsTask().GetAwaiter().GetResult();
        TerminalSession previous = h.Stored;
        int seen = h.Events.Count;

        foreach (int op in ops)
        {
            try
            {
                Apply(h, op / Variants, op % Variants);
            }
            catch (InvalidSessionTransitionException)
            {
                // The only exception allowed (refusals are results); the invariants below prove nothing else changed.
            }

            TerminalSession stored = h.Stored;
            List<SessionTransitionedEventArgs> fresh = h.Events.Skip(seen).ToList();
            seen = h.Events.Count;
            TerminalSessionState state = previous.State;
            foreach (SessionTransitionedEventArgs e in fresh)
            {
                Assert.True(TerminalSessionTransitions.IsAllowed(e.From, e.Trigger, e.To), $"{e.From} -{e.Trigger}-> {e.To} is not in the table");
                Assert.Equal(state, e.From);
                state = e.To;
                _visitedStates.Add(e.To);
                _firedTriggers.Add(e.Trigger);
            }

            Assert.Equal(state, stored.State);
            AssertMustChangeGrantsOnlyThePinChange(h, fresh);
            Assert.Equal(previous.Version + fresh.Count, stored.Version);
            Assert.Equal(fresh.Count == 0 ? previous : fresh[^1].Session, stored);
            AssertInvariants(stored);
            previous = stored;
        }
    }

    private static void AssertInvariants(TerminalSession s)
    {
        Assert.True(Enum.IsDefined(s.State));
        bool hasOperator = s.State is TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired
            or TerminalSessionState.Locked or TerminalSessionState.PinChangeRequired;
        if (hasOperator)
        {
            Assert.NotNull(s.OperatorId);
            Assert.NotNull(s.OperatorRole);
        }

        if (s.State is TerminalSessionState.AwaitingOperator or TerminalSessionState.SignedOut)
        {
            Assert.Null(s.OperatorId);
        }

        Assert.Equal(s.State == TerminalSessionState.Locked, s.StateBeforeLock is not null);
        Assert.Equal(s.State == TerminalSessionState.Maintenance, s.StateBeforeMaintenance is not null);
        Assert.True(s.StateBeforeLock is null or TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired);
        Assert.True(s.StateBeforeMaintenance is null or not (TerminalSessionState.Locked or TerminalSessionState.Maintenance));
        if (s.State == TerminalSessionState.Ready)
        {
            Assert.True(s.BatchOpen);
            Assert.NotNull(s.HostSignedInAt);
        }

        Assert.InRange(s.BatchNumber, 0, 999_999);
        Assert.True(s.ShiftNumber >= 1);
    }

    /// <summary>A PIN-gated transition made on a must-change verification can only be the sign-in into PinChangeRequired.</summary>
    private static void AssertMustChangeGrantsOnlyThePinChange(SessionHarness h, List<SessionTransitionedEventArgs> fresh)
    {
        foreach (SessionTransitionedEventArgs e in fresh.Where(e => e.Trigger is SessionTrigger.OperatorSignIn or SessionTrigger.Unlock
            or SessionTrigger.ShiftHandover or SessionTrigger.EnterMaintenance or SessionTrigger.ExitMaintenance))
        {
            Assert.True(
                !h.Verifier.LastSucceededMustChange || (e.Trigger == SessionTrigger.OperatorSignIn && e.To == TerminalSessionState.PinChangeRequired),
                $"{e.Trigger} -> {e.To} was granted on a PIN that must change");
        }
    }

    private static void Apply(SessionHarness h, int op, int v)
    {
        TerminalSessionManager m = h.Manager;
        string id = OperatorIds[v % 4];
        ReadOnlyMemory<char> pin = (v < 6 ? Pins[v % 4] : "7777").AsMemory();
        switch (op)
        {
            case 0:
                h.RestartAsync((SessionRestorePolicy)(v % 3)).GetAwaiter().GetResult();
                break;
            case 1:
                m.SignInOperatorAsync(id, pin).AsTask().GetAwaiter().GetResult();
                break;
            case 2:
                h.Host.ThrowOnSignOn = v == 7 ? new TimeoutException() : null;
                h.Host.NextSignOn = v is 5 or 6 ? HostSignOnResult.Failure("96") : null;
                m.SignInTerminalAsync().AsTask().GetAwaiter().GetResult();
                break;
            case 3:
                m.LockAsync().AsTask().GetAwaiter().GetResult();
                break;
            case 4:
                m.CheckIdleAsync().AsTask().GetAwaiter().GetResult();
                break;
            case 5:
                h.Time.Advance(Steps[v % Steps.Length]);
                break;
            case 6:
                m.UnlockAsync(id, pin).AsTask().GetAwaiter().GetResult();
                break;
            case 7:
                m.RequireSignInAsync((SignInRequiredReason)(v + 1), v % 2 == 0 ? "77" : null).AsTask().GetAwaiter().GetResult();
                break;
            case 8:
                m.ReportBatchAsync(v % 2 == 0 ? h.Stored.BatchNumber : 999_999).AsTask().GetAwaiter().GetResult();
                break;
            case 9:
                h.Host.NextSignOff = new HostSignOffResult(v % 2 == 0, v % 2 == 0 ? "00" : null);
                m.SignOutAsync().AsTask().GetAwaiter().GetResult();
                break;
            case 10:
                m.HandOverShiftAsync(id, pin).AsTask().GetAwaiter().GetResult();
                break;
            case 11:
                m.EnterMaintenanceAsync(v < 5 ? "99" : id, v < 5 ? SessionHarness.AdminPin.AsMemory() : pin).AsTask().GetAwaiter().GetResult();
                break;
            case 12:
                m.ExitMaintenanceAsync(v < 5 ? "99" : id, v < 5 ? SessionHarness.AdminPin.AsMemory() : pin).AsTask().GetAwaiter().GetResult();
                break;
            case 13:
                m.RecordActivity();
                break;
            case 14:
                m.CheckTimeRulesAsync().AsTask().GetAwaiter().GetResult();
                break;
            case 16:
                // A right current PIN kept as the new one (the fake has no history rule), a weak new PIN, or a wrong current PIN.
                ReadOnlyMemory<char> current = h.Stored.OperatorId is { } who && v < 6 ? Pins[Array.IndexOf(OperatorIds, who)].AsMemory() : "7777".AsMemory();
                m.ChangePinAsync(current, v % 3 == 0 ? "1234".AsMemory() : current).AsTask().GetAwaiter().GetResult();
                break;
            case 17:
                // Somebody resets or issues a temporary PIN: the operator's right PIN now must change.
                if (!h.Verifier.MustChange.Add(id))
                {
                    h.Verifier.MustChange.Remove(id);
                }

                break;
            default:
                h.Time.JumpWallClock(TimeSpan.FromHours(v - 4));
                break;
        }
    }
}
