using System.Text.Json.Serialization;

namespace PosAuth.Sync.Protocol;

// The JSON messages of the lane protocol (camelCase, System.Text.Json source generation: trimming- and AOT-safe).
// Instants are Unix milliseconds. Nothing here ever carries a PIN; PIN hashes travel only in the directory and in a
// lane's PIN change, signed end to end and (per the README) over TLS.

/// <summary>One operator of the site's directory, as of <see cref="ChangeSeq"/>.</summary>
internal sealed class DirectoryOperator
{
    public required string OperatorId { get; init; }

    public int Role { get; init; }

    /// <summary>The PIN hash; <see langword="null"/> when <see cref="Deleted"/>.</summary>
    public string? PinHash { get; init; }

    public bool MustChangePin { get; init; }

    public int MustChangePinReason { get; init; }

    public bool Disabled { get; init; }

    public string? DisplayName { get; init; }

    public long CreatedAt { get; init; }

    public long? PinChangedAt { get; init; }

    public long? PinExpiresAt { get; init; }

    public string[] PinHistory { get; init; } = [];

    /// <summary>Bumped by every credential change (reset, disable, an accepted PIN change): lanes refuse older credentials.</summary>
    public long CredentialEpoch { get; init; }

    public bool Deleted { get; init; }

    /// <summary>The site's change sequence of this version (the cursor a lane has read up to).</summary>
    public long ChangeSeq { get; init; }
}

/// <summary>The answer to <c>GET directory?since=N</c>: the changes after N, in sequence order.</summary>
internal sealed class DirectoryResponse
{
    /// <summary>The cursor to ask from next time: the last change sequence included (or N when nothing changed).</summary>
    public long Cursor { get; init; }

    /// <summary>Whether this answer reaches the site's latest change (false: ask again at once for more).</summary>
    public bool Complete { get; init; }

    public List<DirectoryOperator> Operators { get; init; } = [];

    /// <summary>Leases of this lane the back office asks back (another lane needs the room): an idle one is released by a lease report.</summary>
    public List<string>? Recalls { get; init; }
}

internal sealed class ChargeRequest
{
    /// <summary>The lane's id of this attempt (idempotency: a repeated request gets the first answer, charged once).</summary>
    public required string RequestId { get; init; }

    /// <summary>The operator number, or the lane's keyed digest (<c>?</c> + 32 hex digits) of a number nobody has.</summary>
    public required string OperatorId { get; init; }

    /// <summary>The lease this lane holds for the operator, if any: the charge uses it (the lane forgets it either way once answered).</summary>
    public string? LeaseId { get; init; }

    /// <summary>How many attempts the lane asks to hold for offline sign-in (0: none).</summary>
    public int LeaseSize { get; init; }
}

/// <summary>An attempt lease: attempts a lane may charge offline, for one operator and one credential epoch.</summary>
internal sealed class LeaseGrant
{
    public required string LeaseId { get; init; }

    public required string OperatorId { get; init; }

    public int Attempts { get; init; }

    public long CredentialEpoch { get; init; }

    /// <summary>How long the lease lasts on the lane's monotonic clock, counted from when the lane sent its request.</summary>
    public long LifetimeMs { get; init; }
}

/// <summary>What a lane did with one lease, as cumulative counts of settled attempts (so a repeat or an older report changes nothing).</summary>
internal sealed class LeaseReportEntry
{
    public required string LeaseId { get; init; }

    /// <summary>Attempts charged on the lease whose PIN was wrong (or whose verdict a crash lost), since the grant.</summary>
    public int Failed { get; init; }

    /// <summary>Attempts charged on the lease whose PIN was right (given back to the lease), since the grant.</summary>
    public int Refunded { get; init; }

    /// <summary>The lane will not charge the lease again (recalled, expired, voided by a new credential epoch, used up).</summary>
    public bool Released { get; init; }
}

internal sealed class LeaseReportRequest
{
    public List<LeaseReportEntry> Leases { get; init; } = [];
}

internal sealed class LeaseReportAck
{
    public required string LeaseId { get; init; }

    /// <summary><c>counted</c>, or <c>unknown</c> (no such lease of this lane: nothing counted).</summary>
    public required string Outcome { get; init; }

    /// <summary>The failures the back office has counted for this lease (the highest report).</summary>
    public int Failed { get; init; }
}

internal sealed class LeaseReportResponse
{
    public List<LeaseReportAck> Leases { get; init; } = [];
}

internal sealed class LaneLockoutStatus
{
    public int State { get; init; }

    public int RemainingAttempts { get; init; }

    public long? LockedUntil { get; init; }

    public int Reason { get; init; }

    public int FailureCount { get; init; }
}

internal sealed class ChargeResponse
{
    public bool Allowed { get; init; }

    public string? ChargeId { get; init; }

    public required LaneLockoutStatus Status { get; init; }

    public bool AppliedLock { get; init; }

    /// <summary>The operator's credential epoch at the back office (null for a number it does not know).</summary>
    public long? CredentialEpoch { get; init; }

    /// <summary>A new lease for the operator (null: none, no room or none asked).</summary>
    public LeaseGrant? Lease { get; init; }
}

internal sealed class RefundRequest
{
    public required string ChargeId { get; init; }

    /// <summary>How many attempts the lane asks to hold if it has no lease for the operator (0: none).</summary>
    public int LeaseSize { get; init; }
}

internal sealed class RefundResponse
{
    public required LaneLockoutStatus Status { get; init; }

    /// <summary>A lease granted now that the operator's failures are cleared (null: none).</summary>
    public LeaseGrant? Lease { get; init; }
}

internal sealed class PinChangeRequest
{
    public required string OperatorId { get; init; }

    /// <summary>The credential epoch the lane's change was made over: the back office applies it only if it still holds.</summary>
    public long BaseEpoch { get; init; }

    public required string PinHash { get; init; }

    public long PinChangedAt { get; init; }

    public bool MustChangePin { get; init; }

    public int MustChangePinReason { get; init; }

    public long? PinExpiresAt { get; init; }

    public string[] PinHistory { get; init; } = [];
}

internal sealed class PinChangeResponse
{
    /// <summary><c>accepted</c>, <c>already_applied</c> (a repeat of an accepted change) or <c>conflict</c> (the back office changed the credential first: its version wins).</summary>
    public required string Outcome { get; init; }

    public required DirectoryOperator Current { get; init; }
}

internal sealed class LaneAuditRecord
{
    public long Sequence { get; init; }

    public int Type { get; init; }

    public long Timestamp { get; init; }

    public string? OperatorId { get; init; }

    public string? ActorId { get; init; }

    public string? Code { get; init; }

    public string? Detail { get; init; }
}

internal sealed class AuditPushRequest
{
    public List<LaneAuditRecord> Records { get; init; } = [];
}

internal sealed class AuditPushResponse
{
    /// <summary>The highest lane sequence the back office holds with every record before it (since the first it saw).</summary>
    public long AcknowledgedThrough { get; init; }
}

/// <summary>An RFC 9457 problem with a stable machine code.</summary>
internal sealed class LaneProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int Status { get; init; }

    public string? Code { get; init; }

    public string? Detail { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8)]
[JsonSerializable(typeof(DirectoryResponse))]
[JsonSerializable(typeof(ChargeRequest))]
[JsonSerializable(typeof(ChargeResponse))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(PinChangeRequest))]
[JsonSerializable(typeof(PinChangeResponse))]
[JsonSerializable(typeof(AuditPushRequest))]
[JsonSerializable(typeof(AuditPushResponse))]
[JsonSerializable(typeof(LaneProblem))]
[JsonSerializable(typeof(LeaseReportRequest))]
[JsonSerializable(typeof(LeaseReportResponse))]
internal sealed partial class LaneJsonContext : JsonSerializerContext;
