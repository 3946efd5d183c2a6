namespace PosAuth.Lockout;

/// <summary>
/// Per-role overrides of <see cref="LockoutOptions"/>; a <see langword="null"/> property inherits the global value.
/// Whatever is configured, the administrator is never locked permanently by failures (only slowed).
/// </summary>
public sealed class LockoutRoleOptions
{
    /// <summary>Overrides <see cref="LockoutOptions.MaxFailures"/>. Default: inherit.</summary>
    public int? MaxFailures { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.Mode"/>. Default: inherit.</summary>
    public LockoutMode? Mode { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.MaxTemporaryLockouts"/>. Default: inherit.</summary>
    public int? MaxTemporaryLockouts { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.WaitGrowth"/>. Default: inherit.</summary>
    public WaitGrowth? WaitGrowth { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.WaitIncrement"/>. Default: inherit.</summary>
    public TimeSpan? WaitIncrement { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.MaxWait"/>. Default: inherit.</summary>
    public TimeSpan? MaxWait { get; set; }

    /// <summary>Overrides <see cref="LockoutOptions.FailureResetWindow"/>. Default: inherit.</summary>
    public TimeSpan? FailureResetWindow { get; set; }
}
