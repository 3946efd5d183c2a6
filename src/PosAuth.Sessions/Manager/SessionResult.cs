namespace PosAuth.Sessions;

/// <summary>
/// The outcome of a session operation that checks a PIN or talks to the host. A wrong PIN or a
/// failed host exchange is a result, not an exception; an illegal transition or a role that may
/// not act throws a <see cref="SessionException"/>.
/// </summary>
public sealed record SessionResult
{
    /// <summary>Whether the operation did what was asked.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The session after the operation (unchanged when a PIN was refused).</summary>
    public required TerminalSession Session { get; init; }

    /// <summary>The PIN verification, for operations that check one: failure code, remaining attempts, locked until, must-change-PIN.</summary>
    public OperatorVerification? Verification { get; init; }

    /// <summary>The host's answer to a sign-in, for <see cref="TerminalSessionManager.SignInTerminalAsync"/>.</summary>
    public HostSignOnResult? HostSignOn { get; init; }

    /// <summary>The host's answer to a sign-out, for <see cref="TerminalSessionManager.SignOutAsync"/> when the host was signed in.</summary>
    public HostSignOffResult? HostSignOff { get; init; }

    /// <summary>Whether the operator's PIN is temporary or factory default and must be changed before transacting.</summary>
    public bool MustChangePin => Verification?.MustChangePin == true;
}
