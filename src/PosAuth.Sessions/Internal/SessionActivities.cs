using System.Diagnostics;

namespace PosAuth.Sessions;

/// <summary>The sessions package's spans on the shared <c>PosAuth</c> activity source.</summary>
internal static class SessionActivities
{
    internal const string Transition = "posauth.session.transition";

    internal static readonly ActivitySource Source = new(PosAuthDiagnostics.ActivitySourceName);

    /// <summary>Starts the span of one transition (saved and recorded by the sinks), or nothing when nobody listens.</summary>
    internal static Activity? StartTransition(TerminalSession from, SessionTrigger trigger, TerminalSession next)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(Transition);
        if (activity is not null)
        {
            activity.SetTag(PosAuthDiagnostics.TerminalTag, from.TerminalId)
                .SetTag(PosAuthDiagnostics.SessionFromTag, from.State.ToString())
                .SetTag(PosAuthDiagnostics.SessionToTag, next.State.ToString())
                .SetTag(PosAuthDiagnostics.SessionTriggerTag, trigger.ToString());
            if ((next.OperatorRole ?? from.OperatorRole) is OperatorRole role)
            {
                activity.SetTag(PosAuthDiagnostics.RoleTag, role.ToCode());
            }
        }

        return activity;
    }

    /// <summary>Marks a span as failed by <paramref name="exception"/>: its type only, never its message.</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
}
