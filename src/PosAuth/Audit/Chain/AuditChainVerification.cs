namespace PosAuth.Storage;

/// <summary>The result of verifying an audit chain (<see cref="AuditChain.Verify"/>, or a store's verify method).</summary>
/// <param name="IsValid">Whether the head is authentic and every record from its first to its last sequence is present and unaltered.</param>
/// <param name="FirstBrokenSequence">The sequence of the first broken record, or <see langword="null"/> when valid (and for <see cref="AuditChainBreak.HeadTampered"/>).</param>
/// <param name="Break">How the chain breaks there.</param>
/// <param name="RecordsChecked">How many records were checked.</param>
/// <param name="IsKeyed">Whether the chain is keyed (HMAC-SHA256 with the audit key) rather than plain SHA-256.</param>
public readonly record struct AuditChainVerification(bool IsValid, long? FirstBrokenSequence, AuditChainBreak Break, long RecordsChecked, bool IsKeyed);
