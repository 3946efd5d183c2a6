namespace PosAuth.Sessions;

/// <summary>
/// The stable machine codes of the session package, all in snake_case: those of an expected refusal
/// (<see cref="SessionError.Code"/>, a result) and those of a <see cref="SessionException"/> (a programming or
/// environment error).
/// </summary>
public static class SessionErrorCodes
{
    /// <summary>Result: the operator number is malformed (not 1 to 16 ASCII letters or digits); nothing was verified.</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>Result: the PIN was refused; <see cref="SessionResult.Verification"/> says why (wrong PIN, locked out…).</summary>
    public const string VerificationFailed = "verification_failed";

    /// <summary>
    /// Result: the session's operator, or the operator whose PIN was just checked, must change the PIN first (factory
    /// default, reset, temporary or one-time PIN). Only the PIN change and sign-out are possible until it succeeds.
    /// </summary>
    public const string PinChangeRequired = "pin_change_required";

    /// <summary>Result: the PIN was right, but only the locked-in operator or a supervisor or administrator ranking at least as high may unlock.</summary>
    public const string UnlockNotPermitted = "unlock_not_permitted";

    /// <summary>Result: the PIN was right, but the operator's role lacks the maintenance permission.</summary>
    public const string MaintenanceNotPermitted = "maintenance_not_permitted";

    /// <summary>Result: the PIN change was refused; <see cref="SessionResult.PinChange"/> says why (current PIN wrong, new PIN against the policy…).</summary>
    public const string PinChangeRejected = "pin_change_rejected";

    /// <summary>Result: the host declined the sign-in, did not answer, or the exchange threw; the failure is recorded in the session.</summary>
    public const string HostSignInFailed = "host_sign_in_failed";

    /// <summary>Exception: the trigger is not allowed in the current state (<see cref="InvalidSessionTransitionException"/>).</summary>
    public const string InvalidTransition = "invalid_transition";

    /// <summary>Exception: another writer changed the stored session first (<see cref="SessionConcurrencyException"/>).</summary>
    public const string ConcurrencyConflict = "concurrency_conflict";

    /// <summary>Exception: no session is stored for the terminal: call <see cref="TerminalSessionManager.RestoreOrStartAsync"/> first.</summary>
    public const string NotStarted = "not_started";
}
