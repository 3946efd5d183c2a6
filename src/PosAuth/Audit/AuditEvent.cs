namespace PosAuth;

/// <summary>
/// One audit record. It carries who, what, where and when, and a stable outcome code; it never
/// carries a PIN, a PIN hash, a temporary PIN or an unlock response.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When, from the configured <see cref="TimeProvider"/>.</param>
/// <param name="TerminalId">The terminal, when known.</param>
/// <param name="OperatorId">The operator the event is about, when any.</param>
/// <param name="ActorId">The operator who acted (a supervisor resetting a PIN, say), when different.</param>
/// <param name="Code">A stable machine code giving the outcome or reason, such as <c>wrong_pin</c>.</param>
/// <param name="Detail">Optional non-secret detail, such as the authorised operation.</param>
public readonly record struct AuditEvent(
    AuditEventType Type,
    DateTimeOffset Timestamp,
    string? TerminalId,
    string? OperatorId,
    string? ActorId = null,
    string? Code = null,
    string? Detail = null);
