using PosAuth.OfflineUnlock;

namespace PosAuth;

/// <summary>
/// The terminal side of the offline challenge-response unlock (the "safe mode unlock code"): the terminal shows a
/// challenge bound to itself and the target operator, the back office computes the response with
/// <c>posauth unlock-response</c> (or <see cref="OfflineUnlockCalculator"/>), and the terminal accepts it once,
/// within the challenge's lifetime, without any network.
/// </summary>
public interface IOfflineUnlockService
{
    /// <summary>
    /// Issues a challenge for <paramref name="targetOperatorId"/> on <paramref name="terminalId"/>. While a challenge
    /// for that operator on that terminal is pending (not answered, not expired) the same challenge is returned, at no
    /// cost; challenges for other operators are left alone. A fresh challenge is charged to the issue rate limit, and
    /// is never one already accepted for that operator. Any well-formed operator number gets a challenge, whether the
    /// operator exists or not, so the answer does not reveal which accounts exist. Show
    /// <see cref="OfflineUnlockChallenge.Challenge"/> (read over the phone) or <see cref="OfflineUnlockChallenge.ToQrPayload"/>.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="targetOperatorId">The operator to unlock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The challenge, or <see cref="RecoveryErrorKind.InvalidInput"/>, <see cref="RecoveryErrorKind.UnlockFlowLocked"/>,
    /// <see cref="RecoveryErrorKind.UnlockChallengeRateLimited"/> or <see cref="RecoveryErrorKind.OfflineUnlockNotConfigured"/>.</returns>
    ValueTask<RecoveryResult<OfflineUnlockChallenge>> IssueChallengeAsync(string terminalId, string targetOperatorId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks the response typed in for the outstanding challenge. A right response is accepted once: the target's
    /// lockout on this terminal is cleared and a one-time PIN is installed and returned, to be shown on the terminal
    /// screen; it expires after <see cref="RecoveryOptions.OfflineUnlockPinLifetime"/> and the first sign-in with it
    /// must change it (<see cref="PinChangeReason.OfflineUnlock"/>). A wrong response counts toward the
    /// lockout of the unlock flow on this terminal for the target's role, under that role's rules. A challenge issued
    /// for an operator that does not exist is answered like any other: a wrong response is charged and refused
    /// identically, and only a right one (which only the back office can compute) says <see cref="RecoveryErrorKind.UnknownOperator"/>.
    /// </summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="targetOperatorId">The operator the challenge was issued for.</param>
    /// <param name="response">The response as typed (spaces, '-' and full-width digits are tolerated).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The one-time PIN (dispose it once shown), or <see cref="RecoveryErrorKind.InvalidInput"/>,
    /// <see cref="RecoveryErrorKind.NoPendingUnlockChallenge"/>, <see cref="RecoveryErrorKind.UnlockChallengeExpired"/>,
    /// <see cref="RecoveryErrorKind.UnlockResponseReplayed"/>, <see cref="RecoveryErrorKind.WrongUnlockResponse"/>,
    /// <see cref="RecoveryErrorKind.UnlockFlowLocked"/>, <see cref="RecoveryErrorKind.UnknownOperator"/>,
    /// <see cref="RecoveryErrorKind.OfflineUnlockNotConfigured"/> or <see cref="RecoveryErrorKind.ConcurrentUpdate"/>.</returns>
    ValueTask<RecoveryResult<TemporaryPin>> CompleteAsync(string terminalId, string targetOperatorId, string response, CancellationToken cancellationToken = default);
}
