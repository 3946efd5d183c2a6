namespace PosAuth;

/// <summary>Per-call choices of a factory reset.</summary>
public sealed class FactoryResetOptions
{
    /// <summary>
    /// Whether the audit trail is deleted too. The factory-reset event is recorded before anything is cleared, and,
    /// when the trail is deleted, once more afterwards so the new trail starts with it. Default: <see langword="false"/> (kept).
    /// </summary>
    public bool ClearAuditTrail { get; set; }
}
