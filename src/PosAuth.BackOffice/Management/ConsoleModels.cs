using PosAuth.Lockout;

namespace PosAuth.BackOffice;

/// <summary>
/// A lock in force now, as <see cref="IBackOfficeManagement.ListLockoutsAsync"/> reports it: either an operator's
/// site-wide guess budget (<see cref="TerminalId"/> is <see langword="null"/>: refused on every lane of the site) or
/// one lane's terminal throttle (<see cref="OperatorId"/> is <see langword="null"/>: that lane refuses every operator).
/// </summary>
/// <param name="Site">The site.</param>
/// <param name="OperatorId">The locked operator, or <see langword="null"/> for a lane's throttle.</param>
/// <param name="DisplayName">The operator's display name, when any.</param>
/// <param name="Role">The operator's role, or <see langword="null"/> for a lane's throttle.</param>
/// <param name="TerminalId">The throttled lane, or <see langword="null"/> for an operator's site budget.</param>
/// <param name="State">Locked temporarily, permanently, or throttled.</param>
/// <param name="Reason">Why.</param>
/// <param name="FailureCount">The failures that still count.</param>
/// <param name="LockedUntil">When a timed lock ends (<see langword="null"/>: until someone unlocks it).</param>
public sealed record CurrentLockout(string Site, string? OperatorId, string? DisplayName, OperatorRole? Role, string? TerminalId, LockoutState State, LockReason Reason, int FailureCount, DateTimeOffset? LockedUntil);

/// <summary>A lane with what the back office knows of its activity (<see cref="IBackOfficeManagement.ListTerminalStatusAsync"/>).</summary>
/// <param name="Terminal">The lane.</param>
/// <param name="LastRequestAt">
/// Its last signed request the back office accepted (any endpoint: directory sync, charge, refund, audit push), while
/// the replay record of that request is kept (at least twice <see cref="BackOfficeOptions.ClockSkew"/>);
/// <see langword="null"/> when none is held.
/// </param>
/// <param name="Online">Whether <paramref name="LastRequestAt"/> is within <see cref="BackOfficeOptions.TerminalOnlineWindow"/>.</param>
/// <param name="LastAuditPushAt">When its last audit push arrived (kept for good), if ever.</param>
/// <param name="Leases">The attempt leases the lane holds now (the tries it may charge itself while the back office cannot be reached).</param>
public sealed record TerminalStatus(TerminalInfo Terminal, DateTimeOffset? LastRequestAt, bool Online, DateTimeOffset? LastAuditPushAt, TerminalLeases Leases);

/// <summary>The attempt leases one lane holds at the back office.</summary>
/// <param name="Held">Active leases (one per operator at most).</param>
/// <param name="Attempts">The tries those leases still allow offline (their size minus the failures already reported).</param>
/// <param name="Recalled">Of the active leases, those the back office has asked back (to make room on another lane).</param>
public sealed record TerminalLeases(int Held, int Attempts, int Recalled);

/// <summary>
/// What the back office holds of a lane's own audit trail (pushed by the lane): whether the sequences held run
/// without a gap. The records' MACs are the lane's (verified on the lane); here the continuity is checked.
/// </summary>
/// <param name="TerminalId">The lane.</param>
/// <param name="Site">Its site.</param>
/// <param name="RecordsHeld">How many of its records are held.</param>
/// <param name="FirstSequence">The lowest sequence held.</param>
/// <param name="LastSequence">The highest sequence held.</param>
/// <param name="FirstMissingSequence">The first sequence missing between the lowest and the highest, or <see langword="null"/> when none is.</param>
public sealed record LaneAuditStatus(string TerminalId, string Site, long RecordsHeld, long? FirstSequence, long? LastSequence, long? FirstMissingSequence)
{
    /// <summary>Whether every sequence from the lowest to the highest held is there.</summary>
    public bool IsContiguous => FirstMissingSequence is null;
}

/// <summary>A filtered page of the audit trail (<see cref="IBackOfficeManagement.QueryAuditAsync"/>); every filter that is set must match.</summary>
public sealed record BackOfficeAuditQuery
{
    /// <summary>Only this site (a store manager: one of theirs); <see langword="null"/>: every site the actor may read.</summary>
    public string? Site { get; init; }

    /// <summary>Only this lane.</summary>
    public string? TerminalId { get; init; }

    /// <summary>Only this operator.</summary>
    public string? OperatorId { get; init; }

    /// <summary>Only this actor (<c>user:&lt;id&gt;</c>, <c>terminal:&lt;id&gt;</c>, <c>system</c>).</summary>
    public string? Actor { get; init; }

    /// <summary>Only this event.</summary>
    public BackOfficeAuditEventType? Type { get; init; }

    /// <summary>Only records at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only records with a lower sequence (the previous page's <see cref="BackOfficeAuditPage.NextBefore"/>); <see langword="null"/>: from the newest.</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>At most this many records (1 to 1,000). Default: 100.</summary>
    public int MaxCount { get; init; } = 100;
}

/// <summary>A page of audit records, newest first.</summary>
/// <param name="Entries">The records.</param>
/// <param name="NextBefore">The <see cref="BackOfficeAuditQuery.BeforeSequence"/> of the next (older) page, or <see langword="null"/> when this is the last.</param>
public sealed record BackOfficeAuditPage(IReadOnlyList<BackOfficeAuditEntry> Entries, long? NextBefore);
