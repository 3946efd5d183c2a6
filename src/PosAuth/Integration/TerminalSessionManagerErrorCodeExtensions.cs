using PosAuth.ErrorCodes;
using PosAuth.Sessions;

namespace PosAuth.Integration;

/// <summary>Couples response-code classification to the terminal session.</summary>
public static class TerminalSessionManagerErrorCodeExtensions
{
    /// <summary>
    /// Applies a host response's classification to the session: when its action is
    /// <see cref="RecommendedAction.SignInAgain"/> (UnionPay 77, 99, A0, …) the session moves to
    /// <see cref="TerminalSessionState.SignInRequired"/> with a matching reason; otherwise nothing changes.
    /// </summary>
    /// <param name="session">The terminal's session manager.</param>
    /// <param name="classification">The classification of the host's response code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the session now requires sign-in.</returns>
    public static async ValueTask<bool> ApplyResponseAsync(this TerminalSessionManager session, ErrorClassification classification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.Action != RecommendedAction.SignInAgain && !classification.RequiresSignIn)
        {
            return false;
        }

        await session.RequireSignInAsync(ReasonFor(classification), classification.Code, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The sign-in reason a classification implies.</summary>
    /// <param name="classification">The classification.</param>
    /// <returns>The reason.</returns>
    public static SignInRequiredReason ReasonFor(ErrorClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Code switch
        {
            "77" => SignInRequiredReason.BatchMismatch,
            "A0" or "99" when classification.Source is ErrorSource.UnionPay => SignInRequiredReason.MacOrPinKeyError,
            _ when classification.Category == ErrorCategory.SecurityError => SignInRequiredReason.MacOrPinKeyError,
            _ => SignInRequiredReason.HostDemanded,
        };
    }
}
