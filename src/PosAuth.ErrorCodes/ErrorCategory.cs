namespace PosAuth.ErrorCodes;

/// <summary>What kind of outcome a code reports, so that an operator can tell a wrong PIN from a device fault from a network failure.</summary>
public enum ErrorCategory
{
    /// <summary>The code is not in any table, or is malformed. Shown as 交易失败 / "Transaction failed".</summary>
    Unknown = 0,

    /// <summary>Approved (fully, partially, or with a condition such as checking identification).</summary>
    Approved,

    /// <summary>The cardholder entered a wrong PIN (or a PIN of the wrong length); the PIN may be entered again.</summary>
    WrongPin,

    /// <summary>The allowed number of PIN tries is exhausted; the card or account is blocked.</summary>
    PinTriesExceeded,

    /// <summary>A problem with the card itself: expired, restricted, lost, stolen, unknown number, pick-up.</summary>
    CardIssue,

    /// <summary>The issuer declined for its own reasons (do not honour, not permitted, suspected fraud).</summary>
    IssuerDecline,

    /// <summary>The terminal must sign in (签到) to the host again: batch mismatch, MAC or PIN key errors.</summary>
    SignInRequired,

    /// <summary>A security violation or security processing failure not cured by signing in again.</summary>
    SecurityError,

    /// <summary>The issuer, switch or host is unavailable, late or malfunctioning.</summary>
    HostUnavailable,

    /// <summary>The exchange with the host failed on the terminal's side: no connection, send failure, timeout.</summary>
    Communication,

    /// <summary>A local device failed: PIN pad, card reader, printer, tamper.</summary>
    DeviceFault,

    /// <summary>The merchant or terminal is not registered or not permitted, or the terminal lacks keys or parameters.</summary>
    TerminalConfiguration,

    /// <summary>Duplicate transmission or transaction.</summary>
    Duplicate,

    /// <summary>A message format error.</summary>
    FormatError,

    /// <summary>Refer to the card issuer (voice referral).</summary>
    Referral,

    /// <summary>Not sufficient funds.</summary>
    InsufficientFunds,

    /// <summary>An amount or frequency limit is exceeded.</summary>
    LimitExceeded,

    /// <summary>The transaction or amount is invalid, or the original transaction cannot be matched.</summary>
    InvalidTransaction,

    /// <summary>Cancelled by the cardholder or by a PIN entry timeout.</summary>
    Cancelled,

    /// <summary>The request is still being processed.</summary>
    Pending,

    /// <summary>Reconciliation (settlement totals or offline data) does not balance.</summary>
    Reconciliation,
}
