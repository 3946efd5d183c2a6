namespace PosAuth.BackOffice;

/// <summary>
/// One record of the back office's own audit trail: who did what, where. It never carries a password, a PIN, a PIN
/// hash, a temporary PIN, a TOTP secret or code, a terminal key or an unlock response.
/// </summary>
/// <param name="Sequence">Its position in the trail (from 1, without gaps).</param>
/// <param name="Type">What happened.</param>
/// <param name="At">When (the back office's clock).</param>
/// <param name="Site">The site it concerns, when any.</param>
/// <param name="TerminalId">The lane it concerns, when any.</param>
/// <param name="OperatorId">The operator it concerns, when any.</param>
/// <param name="Actor">Who acted: <c>user:&lt;id&gt;</c>, <c>terminal:&lt;id&gt;</c> or <c>system</c>.</param>
/// <param name="Code">A stable machine code of the outcome or reason.</param>
/// <param name="Detail">Optional non-secret detail.</param>
public sealed record BackOfficeAuditEntry(
    long Sequence,
    BackOfficeAuditEventType Type,
    DateTimeOffset At,
    string? Site,
    string? TerminalId,
    string? OperatorId,
    string? Actor,
    string? Code,
    string? Detail);
