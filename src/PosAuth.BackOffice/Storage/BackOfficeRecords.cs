
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
