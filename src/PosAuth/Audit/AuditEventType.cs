namespace PosAuth;

/// <summary>What an <see cref="AuditEvent"/> records. The names are stable machine codes.</summary>
public enum AuditEventType
{
    /// <summary>An operator signed in with a correct PIN.</summary>
    SignInSucceeded = 0,

    /// <summary>A sign-in failed: wrong PIN, unknown operator (recorded as such only here, never shown), disabled, or invalid input.</summary>
    SignInFailed = 1,

    /// <summary>A sign-in was refused without verification because the subject is locked or throttled.</summary>
    SignInRejectedLocked = 2,

    /// <summary>An operator was locked out by failed attempts.</summary>
    OperatorLocked = 3,

    /// <summary>An operator's lockout was lifted.</summary>
    OperatorUnlocked = 4,

    /// <summary>The per-terminal throttle engaged.</summary>
    TerminalThrottled = 5,

    /// <summary>A supervisor authorisation was granted for one operation.</summary>
    AuthorizationGranted = 6,

    /// <summary>A supervisor authorisation was refused.</summary>
    AuthorizationDenied = 7,

    /// <summary>A granted supervisor authorisation was used.</summary>
    AuthorizationConsumed = 8,

    /// <summary>An operator changed their PIN.</summary>
    PinChanged = 9,

    /// <summary>A higher role reset an operator's PIN.</summary>
    PinReset = 10,

    /// <summary>A temporary PIN was issued.</summary>
    TemporaryPinIssued = 11,

    /// <summary>A PIN hash was upgraded to the current parameters after a successful sign-in.</summary>
    PinRehashed = 12,

    /// <summary>A stored PIN hash could not be parsed; sign-in was refused.</summary>
    CorruptPinHash = 13,

    /// <summary>An offline unlock challenge was shown.</summary>
    OfflineUnlockChallengeIssued = 14,

    /// <summary>An offline unlock response was accepted.</summary>
    OfflineUnlockSucceeded = 15,

    /// <summary>An offline unlock response was refused (wrong, expired or replayed).</summary>
    OfflineUnlockFailed = 16,

    /// <summary>The operator accounts were reset to factory defaults.</summary>
    FactoryReset = 17,

    /// <summary>The terminal signed in to the host (签到).</summary>
    TerminalSignedIn = 18,

    /// <summary>The terminal signed out from the host (签退).</summary>
    TerminalSignedOut = 19,

    /// <summary>The terminal session changed state.</summary>
    SessionStateChanged = 20,

    /// <summary>An operator account was created.</summary>
    OperatorCreated = 21,

    /// <summary>An operator account was deleted.</summary>
    OperatorDeleted = 22,

    /// <summary>An operator account was disabled or enabled.</summary>
    OperatorDisabledChanged = 23,

    /// <summary>A management operation was refused for insufficient role.</summary>
    ManagementDenied = 24,

    /// <summary>A store could not answer during a sign-in; the attempt failed closed (neither a success nor a wrong PIN).</summary>
    StoreUnavailable = 25,
}
