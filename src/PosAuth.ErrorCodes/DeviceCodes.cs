namespace PosAuth.ErrorCodes;

/// <summary>Stable codes for local device failures, classified with <see cref="ErrorSource.Device"/>.</summary>
public static class DeviceCodes
{
    /// <summary>The PIN pad is not connected or does not answer.</summary>
    public const string PinPadNotConnected = "PINPAD_NOT_CONNECTED";

    /// <summary>The PIN pad reports an internal fault.</summary>
    public const string PinPadFault = "PINPAD_FAULT";

    /// <summary>The cardholder did not finish PIN entry in time.</summary>
    public const string PinEntryTimeout = "PIN_ENTRY_TIMEOUT";

    /// <summary>The cardholder cancelled PIN entry.</summary>
    public const string PinEntryCancelled = "PIN_ENTRY_CANCELLED";

    /// <summary>The terminal failed to encrypt the PIN block.</summary>
    public const string PinEncryptionFailed = "PIN_ENCRYPTION_FAILED";

    /// <summary>No PIN working key is loaded (it is downloaded at sign-in).</summary>
    public const string PinKeyMissing = "PIN_KEY_MISSING";

    /// <summary>No terminal master key is loaded; the terminal must be re-keyed.</summary>
    public const string MasterKeyMissing = "MASTER_KEY_MISSING";

    /// <summary>A downloaded working key does not match its key check value.</summary>
    public const string KeyCheckValueMismatch = "KEY_CHECK_VALUE_MISMATCH";

    /// <summary>The secure device detected tampering.</summary>
    public const string TamperDetected = "TAMPER_DETECTED";

    /// <summary>Reading the card (stripe, chip or contactless) failed.</summary>
    public const string CardReadFailed = "CARD_READ_FAILED";

    /// <summary>The printer is out of paper.</summary>
    public const string PrinterOutOfPaper = "PRINTER_OUT_OF_PAPER";

    /// <summary>The printer reports a fault.</summary>
    public const string PrinterFault = "PRINTER_FAULT";
}
