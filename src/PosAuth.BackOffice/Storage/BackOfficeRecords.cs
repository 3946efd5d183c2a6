
namespace PosAuth.BackOffice.Storage;

/// <summary>An operator of a site's directory as the back office stores it.</summary>
internal sealed record OperatorRecord
{
    public required string Site { get; init; }

    public required string OperatorId { get; init; }

    public OperatorRole Role { get; init; }

    public string? PinHash { get; init; }

    public bool MustChangePin { get; init; }

    public PinChangeReason MustChangePinReason { get; init; }

    public bool Disabled { get; init; }

    /// <summary>Why it is disabled (<c>manual</c>, <c>unused</c>), or <see langword="null"/>.</summary>
    public string? DisabledReason { get; init; }

    public string? DisplayName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PinChangedAt { get; init; }

    public DateTimeOffset? PinExpiresAt { get; init; }

    public string[] PinHistory { get; init; } = [];

    public long CredentialEpoch { get; init; }

    public bool Deleted { get; init; }

    public long ChangeSeq { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }

    public override string ToString() => $"OperatorRecord {{ Site = {Site}, OperatorId = {OperatorId}, Role = {Role}, Disabled = {Disabled}, Epoch = {CredentialEpoch}, ChangeSeq = {ChangeSeq} }}";
}

internal sealed record TerminalRecord
{
    public required string TerminalId { get; init; }

    public required string Site { get; init; }

    public string? Serial { get; init; }

    public int KeyGeneration { get; init; }

    public bool Disabled { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? CreatedBy { get; init; }
}

internal sealed record SiteRecord(string Site, string Name, long ChangeSeq, DateTimeOffset CreatedAt);

internal sealed record UserRecord
{
    public required string UserId { get; init; }

    public BackOfficeUserKind Kind { get; init; }

    public string[] Sites { get; init; } = [];

    public required string PasswordHash { get; init; }

    public bool MustChangePassword { get; init; }

    public string[] PasswordHistory { get; init; } = [];

    /// <summary>The TOTP secret sealed with AES-GCM under the back office's key (never stored in clear).</summary>
    public byte[]? TotpSecretSealed { get; init; }

    public bool TotpEnabled { get; init; }

    public long TotpLastStep { get; init; }

    public bool Disabled { get; init; }

    public string? DisabledReason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }

    public DateTimeOffset? PasswordChangedAt { get; init; }

    public long Version { get; init; }

    public override string ToString() => $"UserRecord {{ UserId = {UserId}, Kind = {Kind}, Disabled = {Disabled}, Version = {Version} }}";
}

internal sealed record SessionRecord(string TokenHash, string UserId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, bool SecondFactorDone);

internal sealed record LaneAuditRow(string TerminalId, long Sequence, int Type, DateTimeOffset Timestamp, string? OperatorId, string? ActorId, string? Code, string? Detail);

/// <summary>What became of a lease at the back office.</summary>
internal enum LeaseState
{
    /// <summary>Held by its lane: its attempts not yet reported count against the budget.</summary>
    Active = 0,

    /// <summary>The lane gave it back (recalled, expired, voided by a new epoch, used up) or it was used by an online charge of its lane.</summary>
    Released = 1,

    /// <summary>Its lifetime and the reclaim margin passed on the back office's clock without the lane giving it back.</summary>
    Reclaimed = 2,
}

/// <summary>One attempt lease as the back office stores it.</summary>
internal sealed record LeaseRow(string Site, string OperatorId, string LeaseId, string TerminalId, long Epoch, int Attempts, int Failed, int Refunded, LeaseState State, bool Recall, DateTimeOffset GrantedAt, DateTimeOffset ReclaimAt)
{
    /// <summary>The attempts that still count against the budget: none once released or reclaimed; the reported failures are counted centrally.</summary>
    public int Outstanding => State == LeaseState.Active ? Math.Max(0, Attempts - Failed) : 0;
}

/// <summary>How one lane's pushed audit trail stands at the back office (see <see cref="BackOfficeStore.LaneAuditChainsAsync"/>).</summary>
internal sealed record LaneAuditChainRow(string TerminalId, long Records, long FirstSequence, long LastSequence, long Missing, long Conflicts, long? FirstGapAfter, DateTimeOffset? LastReceivedAt);
