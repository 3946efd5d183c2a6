using System.Diagnostics;

namespace PosAuth.Lockout;

/// <summary>The lockout package's spans on the shared <c>PosAuth</c> activity source.</summary>
internal static class LockoutActivities
{
    internal const string Charge = "posauth.lockout.charge";

    internal static readonly ActivitySource Source = new(PosAuthDiagnostics.ActivitySourceName);

    /// <summary>The outcome code of a charge: <c>charged</c>, or why it was refused.</summary>
    internal static string OutcomeOf(in AttemptCharge charge) => charge.IsAllowed
        ? "charged"
        : charge.Status.Reason switch
        {
            LockReason.TerminalThrottle => "terminal_throttled",
            LockReason.PermanentAfterTemporaryLockouts => "locked_permanently",
            _ => "locked_out",
        };

    /// <summary>Marks a span as failed by <paramref name="exception"/>: its type only, never its message.</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
}
