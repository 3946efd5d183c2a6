namespace PosAuth.Sessions;

/// <summary>
/// Why a session operation refused (<see cref="SessionError.Kind"/>). Each has a stable snake_case code
/// (<see cref="SessionError.Code"/>, <see cref="SessionErrorCodes"/>). A refusal changed nothing, except
/// <see cref="HostSignInFailed"/>, which records the failed exchange.
/// </summary>
public enum SessionErrorKind
{
    /// <summary><c>invalid_input</c>: the operator number is malformed; nothing was verified or charged.</summary>
    InvalidInput = 0,

    /// <summary><c>verification_failed</c>: the PIN was refused; <see cref="SessionResult.Verification"/> carries the failure code, remaining attempts and locked-until.</summary>
    VerificationFailed = 1,

    /// <summary><c>pin_change_required</c>: the session's operator, or the operator whose PIN was just checked, must change the PIN first.</summary>
    PinChangeRequired = 2,

    /// <summary><c>unlock_not_permitted</c>: the PIN was right, but this operator may not unlock this terminal.</summary>
    UnlockNotPermitted = 3,

    /// <summary><c>maintenance_not_permitted</c>: the PIN was right, but the role lacks the maintenance permission.</summary>
    MaintenanceNotPermitted = 4,

    /// <summary><c>pin_change_rejected</c>: the PIN change was refused; <see cref="SessionResult.PinChange"/> says why.</summary>
    PinChangeRejected = 5,

    /// <summary><c>host_sign_in_failed</c>: the host declined or did not answer (<see cref="SessionResult.HostSignOn"/>); the failure is recorded in the session.</summary>
    HostSignInFailed = 6,
}
