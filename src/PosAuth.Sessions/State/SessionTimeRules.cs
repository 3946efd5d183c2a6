namespace PosAuth.Sessions;

/// <summary>
/// The pure time rules of a terminal session: the day cut-over and the maximum session age of a host sign-in (judged on
/// the later of the wall clock and the monotonic clock), and the idle lock. <see cref="TerminalSessionManager"/> reads
/// the clocks and applies what these rules decide.
/// </summary>
internal static class SessionTimeRules
{
    /// <summary>
    /// The state whose host session the rules judge: under a lock or in maintenance, the state before it (a lock does not
    /// stop the clock of the host session behind it).
    /// </summary>
    /// <param name="s">The session.</param>
    /// <returns>The state the rules look at.</returns>
    public static TerminalSessionState EffectiveState(TerminalSession s) => s.State switch
    {
        TerminalSessionState.Locked => s.StateBeforeLock ?? s.State,
        TerminalSessionState.Maintenance => s.StateBeforeMaintenance ?? s.State,
        _ => s.State,
    };

    /// <summary>
    /// Which rule, if any, ends the host session of <paramref name="s"/> now: <see cref="SignInRequiredReason.DayCutOver"/>
    /// when a cut-over time passed since the host sign-in, else <see cref="SignInRequiredReason.MaxSessionAge"/> when the
    /// sign-in is at least <paramref name="maxSessionAge"/> old, else <see cref="SignInRequiredReason.None"/> (also when the
    /// session is not <see cref="TerminalSessionState.Ready"/>, or was never signed in to the host).
    /// </summary>
    /// <param name="s">The session.</param>
    /// <param name="wallNow">The wall clock now.</param>
    /// <param name="sinceHostSignIn">
    /// The manager's own last host sign-in and the monotonic time elapsed since; used when it is the sign-in of
    /// <paramref name="s"/>. The later of the two "now"s decides: the wall clock set back never extends the session,
    /// set forward it may only end it early.
    /// </param>
    /// <param name="dayCutOver">The local cut-over time, or <see langword="null"/> for none.</param>
    /// <param name="maxSessionAge">The longest host session, or <see langword="null"/> for no limit.</param>
    /// <param name="zone">The local time zone of the cut-over.</param>
    /// <returns>The due rule, or <see cref="SignInRequiredReason.None"/>.</returns>
    public static SignInRequiredReason DueRule(
        TerminalSession s,
        DateTimeOffset wallNow,
        HostSignInElapsed? sinceHostSignIn,
        TimeOnly? dayCutOver,
        TimeSpan? maxSessionAge,
        TimeZoneInfo zone)
    {
        if (EffectiveState(s) != TerminalSessionState.Ready || s.HostSignedInAt is not { } signedInAt)
        {
            return SignInRequiredReason.None;
        }

        DateTimeOffset now = Now(signedInAt, wallNow, sinceHostSignIn);
        if (dayCutOver is { } cutOver && signedInAt < LastCutOverAtOrBefore(now, cutOver, zone))
        {
            return SignInRequiredReason.DayCutOver;
        }

        return maxSessionAge is { } maxAge && now - signedInAt >= maxAge
            ? SignInRequiredReason.MaxSessionAge
            : SignInRequiredReason.None;
    }

    /// <summary>
    /// "Now" for a host session signed in at <paramref name="signedInAt"/>: the wall clock, or the sign-in time plus the
    /// monotonic time elapsed since, whichever is later (the latter only when <paramref name="sinceHostSignIn"/> is that sign-in).
    /// </summary>
    /// <param name="signedInAt">The host sign-in time of the session.</param>
    /// <param name="wallNow">The wall clock now.</param>
    /// <param name="sinceHostSignIn">The manager's own last host sign-in, if any.</param>
    /// <returns>The instant the rules judge at.</returns>
    public static DateTimeOffset Now(DateTimeOffset signedInAt, DateTimeOffset wallNow, HostSignInElapsed? sinceHostSignIn)
    {
        if (sinceHostSignIn is { } since && since.At == signedInAt)
        {
            DateTimeOffset monotonicNow = signedInAt + since.Elapsed;
            if (monotonicNow > wallNow)
            {
                return monotonicNow;
            }
        }

        return wallNow;
    }

    /// <summary>The last instant at or before <paramref name="now"/> whose local time of day in <paramref name="zone"/> is <paramref name="cutOver"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <param name="cutOver">The local cut-over time.</param>
    /// <param name="zone">The local time zone.</param>
    /// <returns>The last cut-over.</returns>
    public static DateTimeOffset LastCutOverAtOrBefore(DateTimeOffset now, TimeOnly cutOver, TimeZoneInfo zone)
    {
        DateTime localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime candidate = localNow.Date + cutOver.ToTimeSpan();
        if (candidate > localNow)
        {
            candidate = candidate.AddDays(-1);
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }

    /// <summary>Whether the idle lock applies to a state at all: an operator is signed in (with or without the host).</summary>
    /// <param name="state">The state.</param>
    /// <returns>Whether an idle operator session in this state is locked.</returns>
    public static bool IsIdleLockable(TerminalSessionState state) =>
        state is TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired;

    /// <summary>Whether a session in <paramref name="state"/>, idle for <paramref name="idleFor"/> (monotonic), is to be locked now.</summary>
    /// <param name="state">The state.</param>
    /// <param name="idleLockAfter">The idle limit, or <see langword="null"/> for no idle lock.</param>
    /// <param name="idleFor">How long the session has been idle.</param>
    /// <returns>Whether the idle lock is due.</returns>
    public static bool IsIdleLockDue(TerminalSessionState state, TimeSpan? idleLockAfter, TimeSpan idleFor) =>
        idleLockAfter is { } idle && IsIdleLockable(state) && idleFor >= idle;

    /// <summary>How long until the idle lock is due, never negative.</summary>
    /// <param name="idleLockAfter">The idle limit.</param>
    /// <param name="idleFor">How long the session has been idle.</param>
    /// <returns>The time left; zero when due.</returns>
    public static TimeSpan UntilIdleLock(TimeSpan idleLockAfter, TimeSpan idleFor)
    {
        TimeSpan remaining = idleLockAfter - idleFor;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>The wall-clock instant of a manager's own host sign-in and the monotonic time elapsed since.</summary>
    /// <param name="At">The host sign-in time the manager recorded.</param>
    /// <param name="Elapsed">The monotonic time elapsed since.</param>
    internal readonly record struct HostSignInElapsed(DateTimeOffset At, TimeSpan Elapsed);
}
