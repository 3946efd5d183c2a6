using System.Collections.Frozen;
using S = PosAuth.Sessions.TerminalSessionState;
using T = PosAuth.Sessions.SessionTrigger;

namespace PosAuth.Sessions;

/// <summary>
/// The explicit transition table of the terminal session state machine. Anything not listed
/// here is illegal and makes <see cref="TerminalSessionManager"/> throw
/// <see cref="InvalidSessionTransitionException"/> without changing anything — except in
/// <see cref="TerminalSessionState.PinChangeRequired"/>, where every trigger the table does not list
/// (签到, lock, maintenance…) is refused with the result <see cref="SessionErrorKind.PinChangeRequired"/>. Where a
/// (state, trigger) pair has several rows, the target is chosen by the session itself (the state
/// saved before a lock or maintenance, the restore policy, whether the host sign-in succeeded).
/// </summary>
public static class TerminalSessionTransitions
{
    /// <summary>Every allowed transition, in a stable order (grouped by source state).</summary>
    public static IReadOnlyList<SessionTransition> Allowed { get; } =
    [
        new(S.AwaitingOperator, T.PowerOn, S.AwaitingOperator),
        new(S.AwaitingOperator, T.OperatorSignIn, S.OperatorSignedIn),
        new(S.AwaitingOperator, T.OperatorSignIn, S.PinChangeRequired),
        new(S.AwaitingOperator, T.RequireSignIn, S.AwaitingOperator),
        new(S.AwaitingOperator, T.EnterMaintenance, S.Maintenance),

        new(S.OperatorSignedIn, T.PowerOn, S.AwaitingOperator),
        new(S.OperatorSignedIn, T.PowerOn, S.OperatorSignedIn),
        new(S.OperatorSignedIn, T.HostSignIn, S.Ready),
        new(S.OperatorSignedIn, T.HostSignInFailed, S.OperatorSignedIn),
        new(S.OperatorSignedIn, T.Lock, S.Locked),
        new(S.OperatorSignedIn, T.IdleTimeout, S.Locked),
        new(S.OperatorSignedIn, T.RequireSignIn, S.SignInRequired),
        new(S.OperatorSignedIn, T.ShiftHandover, S.OperatorSignedIn),
        new(S.OperatorSignedIn, T.SignOut, S.SignedOut),
        new(S.OperatorSignedIn, T.EnterMaintenance, S.Maintenance),
        new(S.OperatorSignedIn, T.ChangePin, S.OperatorSignedIn),

        new(S.Ready, T.PowerOn, S.AwaitingOperator),
        new(S.Ready, T.PowerOn, S.SignInRequired),
        new(S.Ready, T.PowerOn, S.Ready),
        new(S.Ready, T.HostSignIn, S.Ready),
        new(S.Ready, T.HostSignInFailed, S.SignInRequired),
        new(S.Ready, T.Lock, S.Locked),
        new(S.Ready, T.IdleTimeout, S.Locked),
        new(S.Ready, T.RequireSignIn, S.SignInRequired),
        new(S.Ready, T.ShiftHandover, S.Ready),
        new(S.Ready, T.SignOut, S.SignedOut),
        new(S.Ready, T.EnterMaintenance, S.Maintenance),
        new(S.Ready, T.ChangePin, S.Ready),

        new(S.Locked, T.PowerOn, S.AwaitingOperator),
        new(S.Locked, T.PowerOn, S.Locked),
        new(S.Locked, T.Unlock, S.OperatorSignedIn),
        new(S.Locked, T.Unlock, S.Ready),
        new(S.Locked, T.Unlock, S.SignInRequired),
        new(S.Locked, T.RequireSignIn, S.Locked),

        new(S.SignInRequired, T.PowerOn, S.AwaitingOperator),
        new(S.SignInRequired, T.PowerOn, S.SignInRequired),
        new(S.SignInRequired, T.HostSignIn, S.Ready),
        new(S.SignInRequired, T.HostSignInFailed, S.SignInRequired),
        new(S.SignInRequired, T.Lock, S.Locked),
        new(S.SignInRequired, T.IdleTimeout, S.Locked),
        new(S.SignInRequired, T.RequireSignIn, S.SignInRequired),
        new(S.SignInRequired, T.SignOut, S.SignedOut),
        new(S.SignInRequired, T.EnterMaintenance, S.Maintenance),
        new(S.SignInRequired, T.ChangePin, S.SignInRequired),

        new(S.Maintenance, T.PowerOn, S.Maintenance),
        new(S.Maintenance, T.RequireSignIn, S.Maintenance),
        new(S.Maintenance, T.ExitMaintenance, S.AwaitingOperator),
        new(S.Maintenance, T.ExitMaintenance, S.OperatorSignedIn),
        new(S.Maintenance, T.ExitMaintenance, S.Ready),
        new(S.Maintenance, T.ExitMaintenance, S.SignInRequired),
        new(S.Maintenance, T.ExitMaintenance, S.SignedOut),

        new(S.SignedOut, T.PowerOn, S.SignedOut),
        new(S.SignedOut, T.OperatorSignIn, S.OperatorSignedIn),
        new(S.SignedOut, T.OperatorSignIn, S.PinChangeRequired),
        new(S.SignedOut, T.RequireSignIn, S.SignedOut),
        new(S.SignedOut, T.EnterMaintenance, S.Maintenance),

        new(S.PinChangeRequired, T.PowerOn, S.AwaitingOperator),
        new(S.PinChangeRequired, T.PowerOn, S.PinChangeRequired),
        new(S.PinChangeRequired, T.ChangePin, S.OperatorSignedIn),
        new(S.PinChangeRequired, T.RequireSignIn, S.PinChangeRequired),
        new(S.PinChangeRequired, T.SignOut, S.SignedOut),
    ];

    private static readonly FrozenSet<SessionTransition> Set = Allowed.ToFrozenSet();

    private static readonly FrozenSet<(S, T)> Pairs = Allowed.Select(t => (t.From, t.Trigger)).ToFrozenSet();

    /// <summary>Whether <paramref name="trigger"/> is allowed at all in <paramref name="from"/>.</summary>
    /// <param name="from">The current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when at least one row of the table matches.</returns>
    public static bool IsAllowed(TerminalSessionState from, SessionTrigger trigger) => Pairs.Contains((from, trigger));

    /// <summary>Whether the exact move <paramref name="from"/> → <paramref name="to"/> on <paramref name="trigger"/> is in the table.</summary>
    /// <param name="from">The current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The target state.</param>
    /// <returns><see langword="true"/> when the row exists.</returns>
    public static bool IsAllowed(TerminalSessionState from, SessionTrigger trigger, TerminalSessionState to) =>
        Set.Contains(new SessionTransition(from, trigger, to));

    /// <summary>The triggers allowed in <paramref name="from"/> (for a UI to enable its menu entries).</summary>
    /// <param name="from">The current state.</param>
    /// <returns>The distinct triggers, in table order.</returns>
    public static IReadOnlyList<SessionTrigger> TriggersFrom(TerminalSessionState from) =>
        Allowed.Where(t => t.From == from).Select(t => t.Trigger).Distinct().ToArray();
}
