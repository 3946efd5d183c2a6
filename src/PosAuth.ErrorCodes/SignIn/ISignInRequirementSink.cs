namespace PosAuth.ErrorCodes;

/// <summary>
/// Receives "the host requires sign-in again" from a classification, without this package depending on the
/// sessions package. The composing package adapts it to the terminal session (moving it to <c>SignInRequired</c>,
/// which is persisted, hence asynchronous).
/// </summary>
public interface ISignInRequirementSink
{
    /// <summary>Records that the terminal must sign in (签到) again before transacting.</summary>
    /// <param name="classification">The classification that demands it (its source and code are the reason).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the requirement is recorded.</returns>
    ValueTask RequireSignInAsync(ErrorClassification classification, CancellationToken cancellationToken = default);
}
