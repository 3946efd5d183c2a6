namespace PosAuth.Storage.Sqlite;

/// <summary>The result of <see cref="SqliteAuditStore.VerifyAuditChainAsync"/>.</summary>
/// <param name="IsValid">Whether every record is present and unaltered.</param>
/// <param name="FirstBrokenSequence">The sequence of the first broken record, or <see langword="null"/> when valid.</param>
/// <param name="Break">How the chain breaks there.</param>
/// <param name="RecordsChecked">How many records were checked.</param>
/// <param name="IsKeyed">Whether the chain is keyed (HMAC-SHA256 with <see cref="SqliteStoreOptions.AuditChainKey"/>) rather than plain SHA-256.</param>
public readonly record struct AuditChainVerification(bool IsValid, long? FirstBrokenSequence, AuditChainBreak Break, long RecordsChecked, bool IsKeyed);
