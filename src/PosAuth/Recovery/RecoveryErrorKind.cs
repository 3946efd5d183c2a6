namespace PosAuth;

/// <summary>
/// Why a recovery flow refused. Each member has a stable snake_case machine code
/// (<see cref="RecoveryError.Code"/>) that never changes; map it to a localised message in the UI.
/// </summary>
public enum RecoveryErrorKind
{
    /// <summary><c>invalid_input</c>: a terminal or operator number is malformed, or the PIN input is empty, too long or not digits. Nothing was charged.</summary>
    InvalidInput = 0,

    /// <summary>
    /// <c>authentication_failed</c>: the PIN of whoever acts (the actor of a reset, temporary PIN or factory reset, or the
    /// operator changing their own PIN) was not accepted: wrong PIN, unknown operator (indistinguishable by design),
    /// locked out, or disabled. Carries <see cref="RecoveryError.AuthenticationOutcome"/>,
    /// <see cref="RecoveryError.RemainingAttempts"/> and <see cref="RecoveryError.LockedUntil"/>.
    /// </summary>
    AuthenticationFailed = 1,

    /// <summary>
    /// <c>pin_change_required</c>: the actor's own PIN is a factory default, temporary, reset or one-time PIN; they must
    /// change it (through the change flow) before managing anyone else. A factory-default PIN is public knowledge, and a
    /// must-change credential grants nothing but the PIN change.
    /// </summary>
    PinChangeRequired = 2,

    /// <summary><c>insufficient_role</c>: the actor's stored role lacks the permission (permission table), or does not strictly outrank the target (nobody manages a role at or above their own).</summary>
    InsufficientRole = 3,

    /// <summary><c>unknown_operator</c>: the target operator does not exist. Only reported after the actor proved their PIN, never by the PIN-change flow.</summary>
    UnknownOperator = 4,

    /// <summary><c>pin_expired</c>: the current PIN is right but expired: a temporary PIN past its lifetime, or already used and past its change window.</summary>
    PinExpired = 5,

    /// <summary><c>policy_rejected</c>: the new PIN fails the PIN policy; <see cref="RecoveryError.PolicyReasons"/> lists every failed rule.</summary>
    PolicyRejected = 6,

    /// <summary><c>wrong_unlock_response</c>: the offline unlock response is wrong. It counts toward the lockout of the unlock flow; carries <see cref="RecoveryError.RemainingAttempts"/>.</summary>
    WrongUnlockResponse = 7,

    /// <summary><c>unlock_response_replayed</c>: the response was already accepted once; a response is single use.</summary>
    UnlockResponseReplayed = 8,

    /// <summary><c>unlock_challenge_expired</c>: the challenge's lifetime has passed; issue a new one.</summary>
    UnlockChallengeExpired = 9,

    /// <summary><c>no_pending_unlock_challenge</c>: this terminal has no outstanding challenge for that operator (none issued, invalidated by a lock, or lost in a restart).</summary>
    NoPendingUnlockChallenge = 10,

    /// <summary><c>unlock_flow_locked</c>: too many wrong unlock responses on this terminal for targets of this role; carries <see cref="RecoveryError.LockedUntil"/> (and <see cref="RecoveryError.IsPermanentlyLocked"/>: a higher role lifts it).</summary>
    UnlockFlowLocked = 11,

    /// <summary><c>offline_unlock_not_configured</c>: no terminal key is provisioned (<see cref="RecoveryOptions.OfflineUnlockKey"/> or an <see cref="IOfflineUnlockKeyProvider"/>).</summary>
    OfflineUnlockNotConfigured = 12,

    /// <summary><c>concurrent_update</c>: the account changed under the operation (another change won); nothing was changed, try again.</summary>
    ConcurrentUpdate = 13,

    /// <summary>
    /// <c>actor_not_allowed</c>: the actor's PIN was right, but the account read again just before acting is gone,
    /// disabled, or of another role (changed meanwhile elsewhere). Nothing was changed.
    /// </summary>
    ActorNotAllowed = 14,

    /// <summary>
    /// <c>unlock_challenge_rate_limited</c>: too many fresh unlock challenges were issued on this terminal; carries
    /// <see cref="RecoveryError.LockedUntil"/>. Asking again for a challenge that is still pending is never limited.
    /// </summary>
    UnlockChallengeRateLimited = 15,
}
