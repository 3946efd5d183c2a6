namespace PosAuth.BackOffice;

/// <summary>
/// A signed-in back-office user, as <see cref="IBackOfficeAuthentication.GetSessionAsync"/> returns it. Only the
/// back office creates one; every management call checks it again against the database (the session still open, the
/// user enabled, the role and sites as stored), so holding an old object grants nothing.
/// </summary>
public sealed class BackOfficeSession
{
    internal BackOfficeSession(string tokenHash, string userId, BackOfficeUserKind kind, IReadOnlyList<string> sites, bool mustChangePassword, bool secondFactorPending)
    {
        TokenHash = tokenHash;
        UserId = userId;
        Kind = kind;
        Sites = sites;
        MustChangePassword = mustChangePassword;
        SecondFactorPending = secondFactorPending;
    }

    /// <summary>The user.</summary>
    public string UserId { get; }

    /// <summary>The user's kind.</summary>
    public BackOfficeUserKind Kind { get; }

    /// <summary>The sites a store manager may manage (empty for a head-office administrator, who may manage all).</summary>
    public IReadOnlyList<string> Sites { get; }

    /// <summary>Whether the password must be changed before anything else.</summary>
    public bool MustChangePassword { get; }

    /// <summary>Whether a required second factor is not yet enrolled: only the enrolment (and the password change) is allowed.</summary>
    public bool SecondFactorPending { get; }

    internal string TokenHash { get; }

    /// <summary>Describes the session without its token.</summary>
    /// <returns>The user and kind.</returns>
    public override string ToString() => $"BackOfficeSession {{ UserId = {UserId}, Kind = {Kind} }}";
}

/// <summary>The answer to a successful sign-in: the session token (bearer, shown once) and what the user must do first.</summary>
/// <param name="Token">The bearer token of the session (a 256-bit random value; the back office keeps only its SHA-256).</param>
/// <param name="Session">The session.</param>
public sealed record BackOfficeSignIn(string Token, BackOfficeSession Session)
{
    /// <summary>Describes the sign-in without the token.</summary>
    /// <returns>The session.</returns>
    public override string ToString() => $"BackOfficeSignIn {{ Session = {Session} }}";
}

/// <summary>A TOTP enrolment: the secret to put in an authenticator app (shown once), and the <c>otpauth://</c> URI of the QR code.</summary>
/// <param name="SecretBase32">The secret, base32.</param>
/// <param name="OtpAuthUri">The provisioning URI.</param>
public sealed record TotpEnrolment(string SecretBase32, string OtpAuthUri)
{
    /// <summary>Describes the enrolment without the secret.</summary>
    /// <returns>A fixed text.</returns>
    public override string ToString() => "TotpEnrolment { Secret = (hidden) }";
}

/// <summary>A site (store, 门店).</summary>
/// <param name="Site">The site id.</param>
/// <param name="Name">The display name.</param>
/// <param name="ChangeSequence">The directory's latest change number.</param>
public sealed record SiteInfo(string Site, string Name, long ChangeSequence);

/// <summary>A lane of a site.</summary>
/// <param name="TerminalId">The terminal id.</param>
/// <param name="Site">The site.</param>
/// <param name="Serial">The hardware serial (the offline unlock key is derived from it), if known.</param>
/// <param name="Disabled">Whether it is disabled.</param>
/// <param name="KeyGeneration">The generation of its request key.</param>
public sealed record TerminalInfo(string TerminalId, string Site, string? Serial, bool Disabled, int KeyGeneration);

/// <summary>How a lane's pushed audit trail stands at the back office.</summary>
/// <param name="TerminalId">The lane.</param>
/// <param name="Records">Records held.</param>
/// <param name="FirstSequence">The lowest sequence held (0: none).</param>
/// <param name="LastSequence">The highest sequence held (0: none).</param>
/// <param name="MissingRecords">Sequence numbers between the first and the last that were never received (a gap).</param>
/// <param name="ConflictingRecords">Sequences that arrived again with different content (a rewritten trail, or a copied key).</param>
/// <param name="FirstGapAfter">The sequence after which the first gap starts, or <see langword="null"/> when there is none.</param>
/// <param name="LastReceivedAt">When the lane last pushed a record, on the back office's clock.</param>
public sealed record LaneAuditChainStatus(string TerminalId, long Records, long FirstSequence, long LastSequence, long MissingRecords, long ConflictingRecords, long? FirstGapAfter, DateTimeOffset? LastReceivedAt)
{
    /// <summary>Whether the trail is continuous from sequence 1 with nothing rewritten (an empty trail is continuous).</summary>
    public bool IsContinuous => MissingRecords == 0 && ConflictingRecords == 0 && FirstSequence <= 1;
}

/// <summary>
/// A lane's credentials, returned once at registration: give them to the lane (<c>UseBackOffice(uri, …)</c>) and
/// nowhere else. The back office does not store the key (it derives it again from its secret).
/// </summary>
public sealed class LaneRegistration
{
    internal LaneRegistration(string terminalId, string site, byte[] key, int keyGeneration)
    {
        TerminalId = terminalId;
        Site = site;
        Key = key;
        KeyGeneration = keyGeneration;
    }

    /// <summary>The terminal id.</summary>
    public string TerminalId { get; }

    /// <summary>The site.</summary>
    public string Site { get; }

    /// <summary>The request-signing key (32 bytes).</summary>
    public byte[] Key { get; }

    /// <summary>The key's generation.</summary>
    public int KeyGeneration { get; }

    /// <summary>Describes the registration without the key.</summary>
    /// <returns>The terminal and site.</returns>
    public override string ToString() => $"LaneRegistration {{ TerminalId = {TerminalId}, Site = {Site}, Key = (hidden) }}";
}

/// <summary>An operator of a site's directory (no PIN hash).</summary>
/// <param name="OperatorId">The operator number.</param>
/// <param name="Role">The role.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="Disabled">Whether disabled.</param>
/// <param name="DisabledReason"><c>manual</c> or <c>unused</c>, when disabled.</param>
/// <param name="MustChangePin">Whether the PIN must change at the next sign-in.</param>
/// <param name="CredentialEpoch">The credential epoch (bumped by every reset, disable and PIN change).</param>
/// <param name="LastSignInAt">The last sign-in the back office heard of.</param>
public sealed record OperatorInfo(string OperatorId, OperatorRole Role, string? DisplayName, bool Disabled, string? DisabledReason, bool MustChangePin, long CredentialEpoch, DateTimeOffset? LastSignInAt);

/// <summary>A back-office user (no password, no TOTP secret).</summary>
/// <param name="UserId">The user name.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Sites">The sites of a store manager.</param>
/// <param name="Disabled">Whether disabled.</param>
/// <param name="DisabledReason"><c>manual</c> or <c>unused</c>, when disabled.</param>
/// <param name="SecondFactorEnabled">Whether a TOTP is enrolled.</param>
/// <param name="LastSignInAt">The last sign-in.</param>
public sealed record BackOfficeUserInfo(string UserId, BackOfficeUserKind Kind, IReadOnlyList<string> Sites, bool Disabled, string? DisabledReason, bool SecondFactorEnabled, DateTimeOffset? LastSignInAt);

/// <summary>An account disabled because it was not used for <see cref="BackOfficeOptions.UnusedAccountPeriod"/> (PCI DSS 8.2.6), for review.</summary>
/// <param name="Kind"><c>operator</c> or <c>user</c>.</param>
/// <param name="Site">The operator's site (null for a user).</param>
/// <param name="Id">The operator number or user name.</param>
/// <param name="LastSignInAt">The last sign-in (null: never, counted from creation).</param>
public sealed record UnusedAccount(string Kind, string? Site, string Id, DateTimeOffset? LastSignInAt);
