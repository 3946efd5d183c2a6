using System.Globalization;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// Writes every saved session transition to the audit sinks: host sign-in as <see cref="AuditEventType.TerminalSignedIn"/>,
/// sign-out as <see cref="AuditEventType.TerminalSignedOut"/>, everything else (operator sign-in, lock, idle lock, unlock,
/// host-demanded or time-rule re-sign-in, maintenance in and out, handover, PIN change, power on, failed host sign-in) as
/// <see cref="AuditEventType.SessionStateChanged"/>. The code is the trigger in snake_case; the detail is
/// "<c>From -&gt; To</c>" with the batch, shift, reason and response code where they apply. Transitions happen only after a
/// successful verification, so the record names known operators only, and never a PIN.
/// </summary>
internal sealed class SessionAuditSink(IEnumerable<IAuditSink> sinks) : ISessionTransitionSink
{
    private readonly IAuditSink[] _sinks = [.. sinks];

    public ValueTask OnTransitionedAsync(SessionTransitionedEventArgs transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return _sinks.WriteAllAsync(ToAuditEvent(transition), cancellationToken);
    }

    internal static AuditEvent ToAuditEvent(SessionTransitionedEventArgs e)
    {
        TerminalSession s = e.Session;
        AuditEventType type = e.Trigger switch
        {
            SessionTrigger.HostSignIn => AuditEventType.TerminalSignedIn,
            SessionTrigger.SignOut => AuditEventType.TerminalSignedOut,
            _ => AuditEventType.SessionStateChanged,
        };
        string? operatorId = s.OperatorId ?? e.ActorOperatorId; // after a sign-out the actor is the operator who left
        string? actor = string.Equals(e.ActorOperatorId, operatorId, StringComparison.Ordinal) ? null : e.ActorOperatorId;
        return new AuditEvent(type, e.OccurredAt, e.TerminalId, operatorId, actor, CodeOf(e.Trigger), DetailOf(e));
    }

    private static string DetailOf(SessionTransitionedEventArgs e)
    {
        TerminalSession s = e.Session;
        string detail = $"{e.From} -> {e.To}";
        return e.Trigger switch
        {
            SessionTrigger.HostSignIn or SessionTrigger.SignOut or SessionTrigger.ShiftHandover =>
                string.Create(CultureInfo.InvariantCulture, $"{detail}; batch {s.BatchNumber:D6}, shift {s.ShiftNumber}"),
            SessionTrigger.HostSignInFailed => $"{detail}; response {SafeCode(s.LastHostResponseCode)}",
            SessionTrigger.RequireSignIn or SessionTrigger.PowerOn when s.SignInRequiredReason != SignInRequiredReason.None =>
                $"{detail}; reason {s.SignInRequiredReason}, response {SafeCode(s.SignInRequiredResponseCode)}",
            _ => detail,
        };
    }

    /// <summary>A host response code as the audit shows it: up to 4 ASCII letters or digits, or "-".</summary>
    private static string SafeCode(string? code) =>
        code is { Length: > 0 and <= 4 } && code.All(char.IsAsciiLetterOrDigit) ? code : "-";

    private static string CodeOf(SessionTrigger trigger) => trigger switch
    {
        SessionTrigger.PowerOn => "power_on",
        SessionTrigger.OperatorSignIn => "operator_sign_in",
        SessionTrigger.HostSignIn => "host_sign_in",
        SessionTrigger.HostSignInFailed => "host_sign_in_failed",
        SessionTrigger.Lock => "lock",
        SessionTrigger.IdleTimeout => "idle_timeout",
        SessionTrigger.Unlock => "unlock",
        SessionTrigger.RequireSignIn => "require_sign_in",
        SessionTrigger.ShiftHandover => "shift_handover",
        SessionTrigger.SignOut => "sign_out",
        SessionTrigger.EnterMaintenance => "enter_maintenance",
        SessionTrigger.ExitMaintenance => "exit_maintenance",
        SessionTrigger.ChangePin => "change_pin",
        _ => "unknown",
    };
}
