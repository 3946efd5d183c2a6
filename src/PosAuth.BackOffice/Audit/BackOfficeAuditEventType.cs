namespace PosAuth.BackOffice;

/// <summary>What a back-office audit record is about. The names are stable machine codes (the numbers are in the chain's MAC).</summary>
public enum BackOfficeAuditEventType
{
    /// <summary>A back-office user signed in (password and, where required, the second factor).</summary>
    UserSignedIn = 1000,

    /// <summary>A back-office sign-in failed (wrong password, wrong or missing code, locked, disabled).</summary>
    UserSignInFailed = 1001,

    /// <summary>A back-office user was locked out by failed sign-ins.</summary>
    UserLocked = 1002,

    /// <summary>A back-office user changed their password.</summary>
    UserPasswordChanged = 1003,

    /// <summary>A back-office user enrolled or confirmed a second factor (TOTP).</summary>
    UserSecondFactorEnrolled = 1004,

    /// <summary>A back-office user was created.</summary>
    UserCreated = 1005,

    /// <summary>A back-office user was disabled or enabled.</summary>
    UserDisabledChanged = 1006,

    /// <summary>A back-office user signed out.</summary>
    UserSignedOut = 1007,

    /// <summary>A head-office administrator reset a back-office user's password: a new initial password, to be changed at the next sign-in.</summary>
    UserPasswordReset = 1008,

    /// <summary>A head-office administrator removed a back-office user's enrolled second factor (a lost phone): it is enrolled again at the next sign-in.</summary>
    UserSecondFactorReset = 1009,

    /// <summary>A site was created.</summary>
    SiteCreated = 1010,

    /// <summary>A lane was registered (its key shown once) or given a new key.</summary>
    TerminalRegistered = 1020,

    /// <summary>A lane was disabled or enabled.</summary>
    TerminalDisabledChanged = 1021,

    /// <summary>An operator was created in a site's directory.</summary>
    OperatorCreated = 1030,

    /// <summary>An operator's PIN was reset to a temporary PIN (shown once to the acting user).</summary>
    OperatorPinReset = 1031,

    /// <summary>An operator's lockout was lifted on every lane of the site.</summary>
    OperatorUnlocked = 1032,

    /// <summary>An operator was disabled or enabled (by a user, or automatically as unused).</summary>
    OperatorDisabledChanged = 1033,

    /// <summary>A lane's PIN change was applied to the directory.</summary>
    OperatorPinChangedOnLane = 1034,

    /// <summary>A lane's PIN change lost to a change made at the back office first (the back office's wins).</summary>
    OperatorPinChangeConflict = 1035,

    /// <summary>An offline unlock response was computed for a lane that cannot reach the back office.</summary>
    OfflineUnlockResponseIssued = 1040,

    /// <summary>A management action was refused by the permission table.</summary>
    ManagementDenied = 1050,

    /// <summary>A lane request was refused (unsigned, bad signature, replayed, stale, unknown or disabled terminal, cross-site, too large, malformed).</summary>
    LaneRequestRefused = 1060,

    /// <summary>An unused account (no sign-in for the configured period) was disabled automatically.</summary>
    UnusedAccountDisabled = 1070,

    /// <summary>A lane reported wrong PINs it charged offline on an attempt lease; they are now counted centrally.</summary>
    LaneLeaseReported = 1080,

    /// <summary>A lane's pushed audit trail has a gap or a record that differs from the one already held (a chain break).</summary>
    LaneAuditChainBroken = 1081,
}
