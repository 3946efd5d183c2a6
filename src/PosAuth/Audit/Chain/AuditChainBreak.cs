namespace PosAuth.Storage;

/// <summary>How an audit chain is broken at <see cref="AuditChainVerification.FirstBrokenSequence"/>.</summary>
public enum AuditChainBreak
{
    /// <summary>The chain is intact.</summary>
    None = 0,

    /// <summary>The record's stored MAC does not match its content and the previous record: it was altered, or a record before it was replaced.</summary>
    Tampered = 1,

    /// <summary>The record with this sequence is missing from the middle of the trail (records before and after it are present).</summary>
    Missing = 2,

    /// <summary>A record exists beyond the authenticated end of the trail, or twice, or before its start (inserted outside the store).</summary>
    Unexpected = 3,

    /// <summary>
    /// The head (first and last sequence, last MAC) does not carry a valid MAC under the audit key: it was edited, for
    /// example to hide records deleted from either end. <see cref="AuditChainVerification.FirstBrokenSequence"/> is
    /// <see langword="null"/>: nothing after a forged head can be trusted.
    /// </summary>
    HeadTampered = 4,

    /// <summary>The records from the start of the trail up to (not including) the first one present were deleted.</summary>
    TruncatedHead = 5,

    /// <summary>The records from this sequence to the authenticated end of the trail were deleted (possibly all of them).</summary>
    TruncatedTail = 6,

    /// <summary>
    /// The trail does not extend the anchor it was compared with (a head exported earlier): it ends before the anchor's
    /// last sequence, or holds a different record there. The trail was rolled back to an older copy, replaced or
    /// recreated (e.g. the file was deleted).
    /// </summary>
    RolledBack = 7,
}
