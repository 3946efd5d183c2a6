using PosAuth.Hashing;
using PosAuth.Lockout;

namespace PosAuth.BackOffice;

/// <summary>
/// Settings of the back office (<c>services.AddPosAuthBackOffice(o =&gt; …)</c>). Validated at start-up, every error in
/// one message. The PCI DSS 4.0 minimums for back-office users (8.3.6 passwords of 12 or more, 8.3.4 lockout after at
/// most 10 failures for at least 30 minutes, 8.2.8 15-minute idle sessions, 8.2.6 90-day unused accounts) are the
/// defaults, and the validator refuses anything weaker.
/// </summary>
public sealed class BackOfficeOptions
{
    /// <summary>
    /// The back office's root secret (32 bytes or more), kept outside the database (vault, HSM, a mode-600 file).
    /// Every lane's request key, the audit chain key and the key that seals TOTP secrets are derived from it with
    /// HKDF-SHA256, so the database holds no key at all. Required.
    /// </summary>
    public byte[]? Secret { get; set; }

    /// <summary>
    /// The vendor master key of the offline unlock (the key lanes' unlock keys were derived from, RFC 6287 OCRA scheme),
    /// 16 bytes or more; <see langword="null"/> (default) disables the offline unlock response.
    /// </summary>
    public byte[]? OfflineUnlockMasterKey { get; set; }

    /// <summary>
    /// The guess budget of every operator of a site, shared by all its lanes while they are connected. <see cref="LockoutOptions.Scope"/>
    /// is always <see cref="LockoutScope.PerSite"/> here. Default: 5 failures, the lockout package's defaults otherwise.
    /// </summary>
    public LockoutOptions SiteLockout { get; set; } = new() { Scope = LockoutScope.PerSite };

    /// <summary>How far a lane's request timestamp may be from the back office's clock. Default: 2 minutes. Range: 10 s to 15 min.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A lane is reported online when its last signed request is at most this old (a connected lane long-polls the
    /// directory every <see cref="LongPollTimeout"/>). Default: 60 seconds; 5 seconds to twice <see cref="ClockSkew"/>.
    /// </summary>
    public TimeSpan TerminalOnlineWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest lane request body, in bytes (a larger one is refused with 413 before it is read). Default: 256 KiB. Range: 1 KiB to 16 MiB.</summary>
    public int MaxLaneRequestBytes { get; set; } = 256 * 1024;

    /// <summary>The largest management request body, in bytes. Default: 16 KiB. Range: 1 KiB to 1 MiB.</summary>
    public int MaxManagementRequestBytes { get; set; } = 16 * 1024;

    /// <summary>The longest a directory long-poll waits for a change before answering "nothing new". Default: 25 s. Range: 0 to 5 min.</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The most operators in one directory answer (a lane asks again for the rest). Default: 1,000. Range: 10 to 10,000.</summary>
    public int DirectoryPageSize { get; set; } = 1000;

    /// <summary>
    /// How long an attempt lease lets a lane charge attempts offline, measured on the lane's monotonic clock from the
    /// moment it asked. Default: 12 hours (a trading day without the network). Range: 1 minute to 7 days.
    /// </summary>
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long after a lease's lifetime the back office still counts it as held (a lane that never reports back): the
    /// margin covers the back office's own clock running fast. Default: 1 hour. Range: 1 minute to 7 days.
    /// </summary>
    public TimeSpan LeaseReclaimMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most attempts one lease may hold (a lane asks for its <c>LeaseSize</c>). Default: 3. Range: 1 to 10.</summary>
    public int MaxLeaseSize { get; set; } = 3;

    /// <summary>Digits of a temporary PIN issued by a reset. Default: 6. Range: 4 to 12.</summary>
    public int TemporaryPinLength { get; set; } = 6;

    /// <summary>How long a temporary PIN from a reset is accepted if it is not used. Default: 24 hours (the cashier has to reach a lane). Range: 5 min to 7 days.</summary>
    public TimeSpan TemporaryPinLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Operators and back-office users with no sign-in for this long are disabled automatically, audited and listed for
    /// review (PCI DSS 4.0 8.2.6). Default: 90 days; <see langword="null"/> turns it off. Range: 1 to 90 days.
    /// </summary>
    public TimeSpan? UnusedAccountPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the maintenance service sweeps unused accounts and expired nonces. Default: 1 hour.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed sign-ins that lock a back-office user. Default: 10 (PCI DSS 8.3.4: at most 10). Range: 3 to 10.</summary>
    public int UserMaxFailures { get; set; } = 10;

    /// <summary>How long a locked back-office user stays locked. Default: 30 minutes (PCI DSS 8.3.4: at least 30). Range: 30 min to 24 h.</summary>
    public TimeSpan UserLockDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest password. Default: 12 (PCI DSS 8.3.6). Range: 12 to 64.</summary>
    public int PasswordMinLength { get; set; } = 12;

    /// <summary>Passwords that may not be reused. Default: 4 (PCI DSS 8.3.7). Range: 4 to 24.</summary>
    public int PasswordHistory { get; set; } = 4;

    /// <summary>Passwords refused besides the built-in list (compared case-insensitively). Default: none.</summary>
    public List<string> BlockedPasswords { get; set; } = [];

    /// <summary>A session with no request for this long ends (PCI DSS 8.2.8). Default: 15 minutes. Range: 1 to 15 min.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a session lasts. Default: 8 hours. Range: 15 min to 24 h.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Whether store managers must also use a second factor (it is always required for head-office administrators). Default: <see langword="false"/> (optional).</summary>
    public bool RequireSecondFactorForStoreManagers { get; set; }

    /// <summary>The issuer shown by authenticator apps for the TOTP enrolment. Default: <c>PosAuth</c>.</summary>
    public string TotpIssuer { get; set; } = "PosAuth";

    /// <summary>
    /// The hasher settings for temporary PINs and back-office passwords (PBKDF2-HMAC-SHA512). Default: the hashing
    /// package's (220,000 iterations). Lanes must accept what this writes (their minimum iterations at most this).
    /// </summary>
    public Pbkdf2PinHasherOptions Hashing { get; set; } = new();
}
