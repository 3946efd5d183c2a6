using PosAuth.ErrorCodes;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>Couples response-code classification to the terminal session.</summary>
public static class TerminalSessionManagerErrorCodeExtensions
{
    /// <summary>
    /// Applies a host response's classification to the session: when its action is
    /// <see cref="RecommendedAction.SignInAgain"/> (UnionPay 77, 99, A0, …) the session moves to
    /// <see cref="TerminalSessionState.SignInRequired"/> with a matching reason (see <see cref="ReasonFor"/>);
    /// otherwise nothing changes (a due day cut-over or session-age rule still applies, as for every operation).
    /// </summary>
    /// <param name="session">The terminal's session manager.</param>
    /// <param name="classification">The classification of the host's response code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session; <see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.RequireSignIn"/> when the response required sign-in.</returns>
    /// <exception cref="SessionNotStartedException">The session was not started.</exception>
    public static async ValueTask<SessionResult> ApplyResponseAsync(this TerminalSessionManager session, ErrorClassification classification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(classification);
        var sink = new SessionSignInSink(session);
        return await classification.ApplyToAsync(sink, cancellationToken).ConfigureAwait(false)
            ? sink.Result!
            : await session.CheckTimeRulesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The session's sign-in reason for a classification: its <see cref="ErrorClassification.SignInReason"/> (a column of
    /// the error-code tables, overridable per code through <see cref="ErrorCodeOptions"/>) in the session's terms.
    /// </summary>
    /// <param name="classification">The classification.</param>
    /// <returns>The reason.</returns>
    public static SignInRequiredReason ReasonFor(ErrorClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.SignInReason switch
        {
            SignInReason.BatchMismatch => SignInRequiredReason.BatchMismatch,
            SignInReason.MacOrPinKeyError => SignInRequiredReason.MacOrPinKeyError,
            SignInReason.KeyExpired => SignInRequiredReason.KeyExpired,
            _ => SignInRequiredReason.HostDemanded,
        };
    }

    /// <summary>Lets the error-code package's sign-in rule drive a terminal session.</summary>
    private sealed class SessionSignInSink(TerminalSessionManager session) : ISignInRequirementSink
    {
        public SessionResult? Result { get; private set; }

        public async ValueTask RequireSignInAsync(ErrorClassification classification, CancellationToken cancellationToken) =>
            Result = await session.RequireSignInAsync(ReasonFor(classification), classification.Code, cancellationToken).ConfigureAwait(false);
    }
}
