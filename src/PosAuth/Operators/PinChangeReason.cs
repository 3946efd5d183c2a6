namespace PosAuth;

/// <summary>Why an operator must change the PIN at the next sign-in.</summary>
public enum PinChangeReason
{
    /// <summary>No change is required.</summary>
    None = 0,

    /// <summary>The PIN is a factory default, which is public knowledge.</summary>
    FactoryDefault = 1,

    /// <summary>The PIN is a temporary PIN (临时密码) issued by a higher role.</summary>
    TemporaryPin = 2,

    /// <summary>A higher role reset the PIN.</summary>
    ResetByHigherRole = 3,

    /// <summary>The operator was recovered through the offline challenge-response unlock.</summary>
    OfflineUnlock = 4,

    /// <summary>The PIN has expired under policy.</summary>
    Expired = 5,
}
