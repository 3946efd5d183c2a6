namespace PosAuth.ErrorCodes;

/// <summary>
/// Why a code requires the terminal to sign in (签到) again: a column of the code tables, read when
/// <see cref="ErrorClassification.RequiresSignIn"/> (or the action <see cref="RecommendedAction.SignInAgain"/>) moves a
/// session to sign-in required. The composing package maps it to the session's own reason.
/// </summary>
/// <remarks>
/// Every row has one. Built-in rows name it where the code says more than "sign in again" (UnionPay 77, 99, A0;
/// ISO 8583:1993 126, 128, 916–919; transport <see cref="TransportCodes.ResponseMacInvalid"/>; device
/// <see cref="DeviceCodes.PinKeyMissing"/>, <see cref="DeviceCodes.KeyCheckValueMismatch"/>,
/// <see cref="DeviceCodes.MasterKeyMissing"/>); every other row takes it from its category:
/// <see cref="MacOrPinKeyError"/> for <see cref="ErrorCategory.SecurityError"/>, <see cref="HostDemanded"/> otherwise.
/// </remarks>
public enum SignInReason
{
    /// <summary>The host demands a new sign-in, without a more specific cause (for example UnionPay 22).</summary>
    HostDemanded = 0,

    /// <summary>The batch numbers of terminal and host differ (UnionPay 77).</summary>
    BatchMismatch = 1,

    /// <summary>A MAC or PIN key error: the working keys must be downloaded again (UnionPay 99 and A0, a security error).</summary>
    MacOrPinKeyError = 2,

    /// <summary>The working keys are missing or expired on the terminal (device PIN key or master key missing, key check value mismatch).</summary>
    KeyExpired = 3,
}
