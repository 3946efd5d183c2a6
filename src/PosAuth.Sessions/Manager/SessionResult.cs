using System.Diagnostics.CodeAnalysis;

namespace PosAuth.Sessions;

/// <summary>
/// The outcome of every <see cref="TerminalSessionManager"/> operation. An expected refusal — a wrong PIN, a PIN that
/// must change first, a role that may not act, a declined host sign-in — is a result with an <see cref="Error"/> and a
/// stable <see cref="SessionError.Code"/>. A programming or environment error throws a <see cref="SessionException"/>:
/// a trigger the state does not allow (<see cref="InvalidSessionTransitionException"/>; offer only
/// <see cref="TerminalSessionTransitions.TriggersFrom"/>), a session not started, a concurrent writer.
/// </summary>
public sealed record SessionResult
{
    /// <summary>Whether the operation did what was asked (<see cref="Error"/> is <see langword="null"/>).</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the operation refused, or <see langword="null"/> when it succeeded.</summary>
    public SessionError? Error { get; init; }

    /// <summary>The session after the operation (unchanged by a refusal, except a recorded host sign-in failure).</summary>
    public required TerminalSession Session { get; init; }

    /// <summary>
    /// The transition this operation saved — <see cref="SessionTrigger.PowerOn"/> for
    /// <see cref="TerminalSessionManager.RestoreOrStartAsync"/>, <see cref="SessionTrigger.IdleTimeout"/> when
    /// <see cref="TerminalSessionManager.CheckIdleAsync"/> locked, <see cref="SessionTrigger.RequireSignIn"/> when a
    /// response code or a time rule required sign-in, … — or <see langword="null"/> when it saved none. A day cut-over or
    /// session-age transition saved at the start of another operation is raised through
    /// <see cref="TerminalSessionManager.Transitioned"/> only.
    /// </summary>
    public SessionTrigger? Trigger { get; init; }

    /// <summary>The PIN verification, for operations that check one: failure code, remaining attempts, locked until, must-change-PIN.</summary>
    public OperatorVerification? Verification { get; init; }

    /// <summary>The outcome of <see cref="TerminalSessionManager.ChangePinAsync"/>: failure code, remaining attempts, policy reasons.</summary>
    public OperatorPinChangeResult? PinChange { get; init; }

    /// <summary>The host's answer to a sign-in, for <see cref="TerminalSessionManager.SignInTerminalAsync"/>.</summary>
    public HostSignOnResult? HostSignOn { get; init; }

    /// <summary>The host's answer to a sign-out, for <see cref="TerminalSessionManager.SignOutAsync"/> when the host was signed in.</summary>
    public HostSignOffResult? HostSignOff { get; init; }

    /// <summary>
    /// Whether a PIN must be changed before anything else: the session's operator (<see cref="TerminalSessionState.PinChangeRequired"/>)
    /// or the operator whose PIN this operation checked.
    /// </summary>
    public bool MustChangePin => Session.State == TerminalSessionState.PinChangeRequired || Verification?.MustChangePin == true;
}
