namespace PosAuth.Recovery;

/// <summary>Options of the recovery flows (filled in by the recovery feature).</summary>
public sealed class RecoveryOptions
{
    /// <summary>How long an issued temporary PIN (临时密码) stays valid. Default: 30 minutes.</summary>
    public TimeSpan TemporaryPinLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
