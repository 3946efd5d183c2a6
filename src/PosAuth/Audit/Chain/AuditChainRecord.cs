namespace PosAuth.Storage;

/// <summary>One stored audit record with its chained MAC, as a store reads it back for <see cref="AuditChain.Verify"/>.</summary>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Event">The event as stored.</param>
/// <param name="Mac">The MAC stored with it (<see cref="AuditChain.MacLength"/> bytes).</param>
public readonly record struct AuditChainRecord(long Sequence, AuditEvent Event, byte[] Mac);
