namespace PosAuth.BackOffice.Audit;

/// <summary>An audit record before it is given its sequence (the store writes it in the same transaction as the change it records).</summary>
internal readonly record struct AuditDraft(
    BackOfficeAuditEventType Type,
    DateTimeOffset At,
    string? Site,
    string? TerminalId,
    string? OperatorId,
    string? Actor,
    string? Code,
    string? Detail = null);
