namespace PosAuth;

/// <summary>The outcome of an operator sign-in attempt.</summary>
public enum AuthenticationOutcome
{
    /// <summary>The PIN is right: the operator is signed in.</summary>
    Succeeded = 0,

    /// <summary>The PIN is right, but it must be changed now (factory default, temporary PIN, reset, offline unlock).</summary>
    SucceededMustChangePin = 1,

    /// <summary>The PIN is wrong, or the operator does not exist (the two are indistinguishable by design).</summary>
    WrongPin = 2,

    /// <summary>The operator (or the terminal, by the throttle) is locked: nothing was verified.</summary>
    LockedOut = 3,

    /// <summary>The PIN is right but the account is disabled. Reported only after a correct PIN, so it reveals nothing to a guesser.</summary>
    Disabled = 4,

    /// <summary>The input is malformed (empty, too long, not digits, bad operator or terminal number): nothing was charged or verified.</summary>
    InvalidInput = 5,

    /// <summary>The PIN is right but it has expired (a temporary PIN past its validity). Reported only after a correct PIN.</summary>
    PinExpired = 6,

    /// <summary>
    /// A store (the database, or the back office that holds the guess budget) could not answer: the attempt is neither a
    /// success nor a wrong PIN. Show 系统维护中 / "system unavailable, try again"; PosAuth recovers by itself once the store
    /// answers again. An attempt the store had already charged stays charged (failing closed).
    /// </summary>
    StoreUnavailable = 7,
}
