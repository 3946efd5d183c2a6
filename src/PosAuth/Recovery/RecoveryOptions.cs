namespace PosAuth;

/// <summary>
/// Options of the recovery flows: temporary PINs, the offline challenge-response unlock and factory reset.
/// Bound from the <c>Recovery</c> section of the PosAuth configuration; validated at start-up (every error in one message).
/// </summary>
public sealed class RecoveryOptions
{
    /// <summary>The longest lifetime accepted for a temporary PIN: 7 days.</summary>
    public static readonly TimeSpan MaxTemporaryPinLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an issued temporary PIN (临时密码) stays valid if it is not used. Once used to sign in, it lives only
    /// for <c>Authentication.TemporaryPinChangeWindow</c> more (single use). Default: 30 minutes. Allowed: more than 0, at most 7 days.
    /// </summary>
    public TimeSpan TemporaryPinLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an offline unlock challenge shown on the terminal accepts a response: the time for one phone call to
    /// the back office. Default: 10 minutes. Allowed: more than 0, at most 24 hours.
    /// </summary>
    public TimeSpan UnlockChallengeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The number of digits of an offline unlock challenge. Default: 8 (short enough to read over the phone). Allowed: 6 to 12.</summary>
    public int UnlockChallengeDigits { get; set; } = 8;

    /// <summary>
    /// How long the one-time PIN shown on the terminal after a successful offline unlock stays valid. The operator is
    /// standing at the terminal, so this is short. Default: 10 minutes. Allowed: more than 0, at most 7 days.
    /// </summary>
    public TimeSpan OfflineUnlockPinLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// This terminal's offline-unlock key, base64 (16 to 64 bytes): the vendor provisions
    /// <c>UnlockKeyDerivation.DeriveTerminalKey(vendorMasterKey, terminalSerial)</c> here; the master key never
    /// reaches the terminal. Read by the default <see cref="IOfflineUnlockKeyProvider"/>; register your own provider to
    /// read it from a secure element or OS keystore instead. Default: <see langword="null"/> (offline unlock not provisioned:
    /// the flow answers <see cref="RecoveryErrorKind.OfflineUnlockNotConfigured"/>).
    /// </summary>
    public string? OfflineUnlockKey { get; set; }

    /// <summary>The administrator's (99) PIN after a factory reset. Default: <c>12345678</c>. 1 to 64 ASCII digits.</summary>
    public string FactoryAdministratorPin { get; set; } = "12345678";

    /// <summary>The supervisor's (00) PIN after a factory reset. Default: <c>123456</c>. 1 to 64 ASCII digits.</summary>
    public string FactorySupervisorPin { get; set; } = "123456";

    /// <summary>The first operator's (01) PIN after a factory reset. Default: <c>0000</c>. 1 to 64 ASCII digits.</summary>
    public string FactoryOperatorPin { get; set; } = "0000";
}
