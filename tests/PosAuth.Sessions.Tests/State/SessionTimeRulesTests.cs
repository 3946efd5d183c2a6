using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Sessions.Tests.State;

public sealed class SessionTimeRulesTests
{
    private static readonly DateTimeOffset SignedIn = new(2026, 3, 2, 1, 30, 0, TimeSpan.Zero); // 09:30 in UTC+08

    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08");

    private static readonly TimeZoneInfo[] Zones =
    [
        TimeZoneInfo.Utc,
        Beijing,
        TimeZoneInfo.CreateCustomTimeZone("UTC-09:30", TimeSpan.FromMinutes(-570), "UTC-09:30", "UTC-09:30"),
        TimeZoneInfo.CreateCustomTimeZone("UTC+14", TimeSpan.FromHours(14), "UTC+14", "UTC+14"),
    ];

    [Theory]
    [InlineData(TerminalSessionState.AwaitingOperator)]
    [InlineData(TerminalSessionState.OperatorSignedIn)]
    [InlineData(TerminalSessionState.SignInRequired)]
    [InlineData(TerminalSessionState.PinChangeRequired)]
    [InlineData(TerminalSessionState.SignedOut)]
    public void DueRule_WithoutAHostSession_IsNone_HoweverOld(TerminalSessionState state)
    {
        TerminalSession s = Session(state);

        Assert.Equal(SignInRequiredReason.None, SessionTimeRules.DueRule(s, SignedIn.AddDays(30), null, new TimeOnly(2, 0), TimeSpan.FromHours(1), Beijing));
    }

    [Fact]
    public void DueRule_NeverSignedInToTheHost_IsNone()
    {
        TerminalSession s = Session(TerminalSessionState.Ready) with { HostSignedInAt = null };

        Assert.Equal(SignInRequiredReason.None, SessionTimeRules.DueRule(s, SignedIn.AddDays(30), null, new TimeOnly(2, 0), TimeSpan.FromHours(1), Beijing));
    }

    [Theory]
    [InlineData(TerminalSessionState.Locked)]
    [InlineData(TerminalSessionState.Maintenance)]
    public void DueRule_BehindALockOrMaintenance_JudgesTheReadySessionBehindIt(TerminalSessionState state)
    {
        TerminalSession s = Session(state) with
        {
            StateBeforeLock = state == TerminalSessionState.Locked ? TerminalSessionState.Ready : null,
            StateBeforeMaintenance = state == TerminalSessionState.Maintenance ? TerminalSessionState.Ready : null,
        };

        Assert.Equal(SignInRequiredReason.MaxSessionAge, SessionTimeRules.DueRule(s, SignedIn.AddHours(1), null, null, TimeSpan.FromHours(1), Beijing));
    }

    [Fact]
    public void DueRule_ACutOverPassed_IsDayCutOver_BeforeMaxSessionAge()
    {
        // Signed in 09:30 local; the cut-over 02:00 local passes the next night, when the session is also over its age.
        TerminalSession s = Session(TerminalSessionState.Ready);
        DateTimeOffset nextNight = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero); // 02:00 on 3 March in UTC+08

        Assert.Equal(SignInRequiredReason.None, SessionTimeRules.DueRule(s, nextNight.AddTicks(-1), null, new TimeOnly(2, 0), null, Beijing));
        Assert.Equal(SignInRequiredReason.DayCutOver, SessionTimeRules.DueRule(s, nextNight, null, new TimeOnly(2, 0), null, Beijing));
        Assert.Equal(SignInRequiredReason.DayCutOver, SessionTimeRules.DueRule(s, nextNight, null, new TimeOnly(2, 0), TimeSpan.FromHours(1), Beijing));
    }

    [Fact]
    public void DueRule_WallClockSetBack_DoesNotExtendTheSession_WhenTheManagerSawTheSignIn()
    {
        TerminalSession s = Session(TerminalSessionState.Ready);
        var since = new SessionTimeRules.HostSignInElapsed(SignedIn, TimeSpan.FromHours(8));
        DateTimeOffset wallSetBack = SignedIn.AddHours(-3);

        Assert.Equal(SignInRequiredReason.MaxSessionAge, SessionTimeRules.DueRule(s, wallSetBack, since, null, TimeSpan.FromHours(8), Beijing));
        Assert.Equal(SignInRequiredReason.None, SessionTimeRules.DueRule(s, wallSetBack, null, null, TimeSpan.FromHours(8), Beijing));
    }

    [Fact]
    public void DueRule_MonotonicClockOfAnotherSignIn_IsNotUsed()
    {
        // The stored sign-in is not the one this manager timed (e.g. restored from the store after a restart).
        TerminalSession s = Session(TerminalSessionState.Ready);
        var other = new SessionTimeRules.HostSignInElapsed(SignedIn.AddMinutes(-1), TimeSpan.FromHours(9));

        Assert.Equal(SignInRequiredReason.None, SessionTimeRules.DueRule(s, SignedIn.AddHours(1), other, null, TimeSpan.FromHours(8), Beijing));
    }

    [Property]
    public Property Now_IsTheLaterOfWallAndMonotonic_ForTheSameSignIn_ElseTheWallClock()
    {
        return Prop.ForAll(Offsets(), Offsets(), Gen.Elements(true, false).ToArbitrary(), (wallOffset, elapsed, same) =>
            {
                DateTimeOffset wall = SignedIn + wallOffset;
                TimeSpan sinceSignIn = elapsed.Duration();
                var since = new SessionTimeRules.HostSignInElapsed(same ? SignedIn : SignedIn.AddSeconds(1), sinceSignIn);
                DateTimeOffset now = SessionTimeRules.Now(SignedIn, wall, since);
                DateTimeOffset expected = same && SignedIn + sinceSignIn > wall ? SignedIn + sinceSignIn : wall;
                return now == expected && SessionTimeRules.Now(SignedIn, wall, null) == wall;
            });
    }

    [Property]
    public Property DueRule_WallClockMovedEitherWay_NeverEndsTheSessionLaterThanTheMonotonicClock()
    {
        // Whatever the wall clock says, once the monotonic age reaches the limit the session is over.
        return Prop.ForAll(Offsets(), Ages(), Ages(), (wallJump, maxAge, elapsed) =>
            {
                TerminalSession s = Session(TerminalSessionState.Ready);
                var since = new SessionTimeRules.HostSignInElapsed(SignedIn, elapsed);
                SignInRequiredReason due = SessionTimeRules.DueRule(s, SignedIn + elapsed + wallJump, since, null, maxAge, Beijing);
                return elapsed < maxAge || due == SignInRequiredReason.MaxSessionAge;
            });
    }

    [Property]
    public Property DueRule_MaxSessionAge_IsDueExactlyFromTheLimitOn()
    {
        return Prop.ForAll(Ages(), Ages(), (maxAge, age) =>
            {
                TerminalSession s = Session(TerminalSessionState.Ready);
                SignInRequiredReason due = SessionTimeRules.DueRule(s, SignedIn + age, null, null, maxAge, Beijing);
                return due == (age >= maxAge ? SignInRequiredReason.MaxSessionAge : SignInRequiredReason.None);
            });
    }

    [Property]
    public Property LastCutOverAtOrBefore_IsTheLatestInstantAtThatLocalTime_NotAfterNow()
    {
        return Prop.ForAll(Offsets(), Gen.Choose(0, (24 * 60) - 1).ToArbitrary(), Gen.Elements(Zones).ToArbitrary(), (offset, minuteOfDay, zone) =>
            {
                DateTimeOffset now = SignedIn + offset;
                var cutOver = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minuteOfDay));
                DateTimeOffset last = SessionTimeRules.LastCutOverAtOrBefore(now, cutOver, zone);
                return last <= now
                    && now - last < TimeSpan.FromDays(1)
                    && TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(last, zone).DateTime) == cutOver;
            });
    }

    [Property]
    public Property DueRule_DayCutOver_IsDueIffACutOverLiesInTheSessionsLifetime()
    {
        return Prop.ForAll(Ages(), Gen.Choose(0, (24 * 60) - 1).ToArbitrary(), Gen.Elements(Zones).ToArbitrary(), (age, minuteOfDay, zone) =>
            {
                TerminalSession s = Session(TerminalSessionState.Ready);
                var cutOver = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minuteOfDay));
                DateTimeOffset now = SignedIn + age;

                // The oracle: walk minute by minute through the session's lifetime, looking for the cut-over's local time.
                bool passed = false;
                for (DateTimeOffset t = SignedIn.AddMinutes(1); t <= now && !passed; t = t.AddMinutes(1))
                {
                    passed = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime) == cutOver;
                }

                SignInRequiredReason due = SessionTimeRules.DueRule(s, now, null, cutOver, null, zone);
                return due == (passed ? SignInRequiredReason.DayCutOver : SignInRequiredReason.None);
            });
    }

    [Property]
    public Property IsIdleLockDue_OnlyForOperatorStates_FromTheLimitOn()
    {
        return Prop.ForAll(Gen.Elements(Enum.GetValues<TerminalSessionState>()).ToArbitrary(), Ages(), Ages(), (state, idle, idleFor) =>
            {
                bool operatorState = state is TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired;
                return SessionTimeRules.IsIdleLockable(state) == operatorState
                    && SessionTimeRules.IsIdleLockDue(state, idle, idleFor) == (operatorState && idleFor >= idle)
                    && !SessionTimeRules.IsIdleLockDue(state, null, idleFor);
            });
    }

    [Theory]
    [InlineData(299, false)]
    [InlineData(300, true)]
    [InlineData(301, true)]
    public void IsIdleLockDue_AtTheLimit_IsDue(int idleSeconds, bool due)
    {
        TimeSpan idleFor = TimeSpan.FromSeconds(idleSeconds);

        Assert.Equal(due, SessionTimeRules.IsIdleLockDue(TerminalSessionState.Ready, TimeSpan.FromMinutes(5), idleFor));
        Assert.Equal(due ? TimeSpan.Zero : TimeSpan.FromSeconds(1), SessionTimeRules.UntilIdleLock(TimeSpan.FromMinutes(5), idleFor));
    }

    [Fact]
    public void LastCutOverAtOrBefore_AtTheCutOverItself_IsNow()
    {
        DateTimeOffset twoAm = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero); // 02:00 on 3 March in UTC+08

        Assert.Equal(twoAm, SessionTimeRules.LastCutOverAtOrBefore(twoAm, new TimeOnly(2, 0), Beijing));
        Assert.Equal(twoAm.AddDays(-1), SessionTimeRules.LastCutOverAtOrBefore(twoAm.AddTicks(-1), new TimeOnly(2, 0), Beijing));
    }

    [Property]
    public Property UntilIdleLock_IsWhatIsLeft_NeverNegative_ZeroExactlyWhenDue()
    {
        return Prop.ForAll(Ages(), Ages(), (idle, idleFor) =>
            {
                TimeSpan until = SessionTimeRules.UntilIdleLock(idle, idleFor);
                return until >= TimeSpan.Zero
                    && (until == TimeSpan.Zero) == (idleFor >= idle)
                    && (idleFor >= idle || idleFor + until == idle);
            });
    }

    private static TerminalSession Session(TerminalSessionState state) => new()
    {
        TerminalId = "T0001",
        State = state,
        OperatorId = "01",
        OperatorRole = OperatorRole.Operator,
        OperatorSignedInAt = SignedIn,
        SessionStartedAt = SignedIn,
        HostSignedInAt = SignedIn,
    };

    /// <summary>Wall-clock offsets either way, up to three days, to the second.</summary>
    private static Arbitrary<TimeSpan> Offsets() =>
        Gen.Choose(-3 * 86_400, 3 * 86_400).Select(s => TimeSpan.FromSeconds(s)).ToArbitrary();

    /// <summary>Non-negative durations up to two days, to the second.</summary>
    private static Arbitrary<TimeSpan> Ages() =>
        Gen.Choose(0, 2 * 86_400).Select(s => TimeSpan.FromSeconds(s)).ToArbitrary();
}
