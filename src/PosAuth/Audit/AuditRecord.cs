namespace PosAuth.Storage;

/// <summary>An audit event as stored, with its position in the trail.</summary>
/// <param name="Sequence">The record's position, starting at 1 and increasing without gaps.</param>
/// <param name="Event">The event.</param>
public readonly record struct AuditRecord(long Sequence, AuditEvent Event);
