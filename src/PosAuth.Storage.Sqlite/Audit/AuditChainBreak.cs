namespace PosAuth.Storage.Sqlite;

/// <summary>How the audit chain is broken at <see cref="AuditChainVerification.FirstBrokenSequence"/>.</summary>
public enum AuditChainBreak
{
    /// <summary>The chain is intact.</summary>
    None = 0,

    /// <summary>The record's stored MAC does not match its content and the previous record: it was altered, or a record before it was replaced.</summary>
    Tampered = 1,

    /// <summary>The record with this sequence is missing (deleted from the middle or the end of the trail).</summary>
    Missing = 2,

    /// <summary>A record exists beyond the recorded end of the trail (inserted outside the store).</summary>
    Unexpected = 3,
}
