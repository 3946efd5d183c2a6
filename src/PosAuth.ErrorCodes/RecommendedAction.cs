namespace PosAuth.ErrorCodes;

/// <summary>What the operator should do next.</summary>
public enum RecommendedAction
{
    /// <summary>Nothing: the transaction succeeded or the outcome needs no action.</summary>
    None = 0,

    /// <summary>Ask the cardholder to enter the PIN again.</summary>
    ReEnterPin,

    /// <summary>Start the transaction again now.</summary>
    RetryNow,

    /// <summary>Try again after a while (host cut-over, issuer unavailable).</summary>
    RetryLater,

    /// <summary>Sign the terminal in (签到) to the host again; the session moves to <c>SignInRequired</c>.</summary>
    SignInAgain,

    /// <summary>The cardholder should contact the card issuer.</summary>
    ContactIssuer,

    /// <summary>The merchant should contact the acquirer (or UnionPay).</summary>
    ContactAcquirer,

    /// <summary>Retain (pick up) the card, following the acquirer's procedure.</summary>
    RetainCard,

    /// <summary>Check the network connection, then try again.</summary>
    CheckNetwork,

    /// <summary>The terminal or a peripheral needs service (restart, maintenance staff).</summary>
    ServiceDevice,

    /// <summary>Ask for another card or another means of payment.</summary>
    UseAnotherCard,

    /// <summary>Check a simple device condition (cable, power, paper), then try again.</summary>
    CheckDevice,

    /// <summary>Check the cardholder's identification.</summary>
    CheckIdentification,

    /// <summary>Check the outcome of the last transaction before repeating it.</summary>
    CheckLastTransaction,

    /// <summary>Try again with a smaller amount.</summary>
    ReduceAmount,

    /// <summary>Read the card by its chip instead of the magnetic stripe.</summary>
    UseChip,

    /// <summary>Upload the terminal's offline transaction data again.</summary>
    UploadOfflineData,
}
