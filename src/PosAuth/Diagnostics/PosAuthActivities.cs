using System.Diagnostics;

namespace PosAuth;

/// <summary>The core's spans on the shared <c>PosAuth</c> activity source.</summary>
internal static class PosAuthActivities
{
    internal const string SignIn = "posauth.sign_in";
    internal const string Verify = "posauth.pin.verify";

    internal static readonly ActivitySource Source = new(PosAuthDiagnostics.ActivitySourceName);

    /// <summary>The outcome code of one PIN verification.</summary>
    internal static string OutcomeOf(Hashing.PinVerificationResult result) => result switch
    {
        Hashing.PinVerificationResult.Success => "succeeded",
        Hashing.PinVerificationResult.SuccessRehashNeeded => "succeeded_rehash_needed",
        _ => "failed",
    };

    /// <summary>Marks a span as failed by <paramref name="exception"/>: its type only, never its message.</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
}
