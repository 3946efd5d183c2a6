namespace PosAuth.ErrorCodes;

/// <summary>Helpers that act on an <see cref="ErrorClassification"/>.</summary>
public static class ErrorClassificationExtensions
{
    /// <summary>
    /// Tells <paramref name="sink"/> to require sign-in when the classification's action is
    /// <see cref="RecommendedAction.SignInAgain"/> or it <see cref="ErrorClassification.RequiresSignIn"/>.
    /// </summary>
    /// <param name="classification">The classification.</param>
    /// <param name="sink">The session adapter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when sign-in was required (and the sink told).</returns>
    public static async ValueTask<bool> ApplyToAsync(this ErrorClassification classification, ISignInRequirementSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(sink);
        if (classification.Action != RecommendedAction.SignInAgain && !classification.RequiresSignIn)
        {
            return false;
        }

        await sink.RequireSignInAsync(classification, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
