namespace PosAuth.Lockout;

/// <summary>
/// Lockout policy settings. Validated at start-up (every error in one message).
/// </summary>
public sealed class LockoutOptions
{
    /// <summary>
    /// Whose guesses share a budget: <see cref="LockoutScope.PerTerminal"/> (default) or <see cref="LockoutScope.PerSite"/>
    /// (every lane of the site, over a shared store).
    /// </summary>
    public LockoutScope Scope { get; set; } = LockoutScope.PerTerminal;

    /// <summary>Consecutive failures that lock a subject. Default: 5 (ASP.NET Core Identity's). Range 1–100 (NIST SP 800-63B).</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>What a lock is. Default: <see cref="LockoutMode.Temporary"/>.</summary>
    public LockoutMode Mode { get; set; } = LockoutMode.Temporary;

    /// <summary>
    /// For <see cref="LockoutMode.PermanentAfterTemporary"/>: temporary lockouts allowed before the next lockout is
    /// permanent. Default: 3. Must be at least 1 in that mode.
    /// </summary>
    public int MaxTemporaryLockouts { get; set; } = 3;

    /// <summary>How the temporary wait grows. Default: <see cref="Lockout.WaitGrowth.Multiplied"/>.</summary>
    public WaitGrowth WaitGrowth { get; set; } = WaitGrowth.Multiplied;

    /// <summary>The wait unit of the growth formulas. Default: 5 minutes (ASP.NET Core Identity's lockout time span).</summary>
    public TimeSpan WaitIncrement { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest temporary wait. Default: 1 hour. Must be at least <see cref="WaitIncrement"/>.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Failures are forgotten (count and temporary lockouts back to 0) when this much real time has passed since
    /// the last failure and no lock holds. Default: 12 hours (Keycloak's failure reset time).
    /// </summary>
    public TimeSpan FailureResetWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The most real time credited from the wall clock in one observation when the monotonic clock cannot be used
    /// (after a restart, or a record last touched by another process). Default: <see cref="TimeSpan.Zero"/>: time the
    /// terminal spent switched off never counts towards a lock, so no sequence of clock settings and reboots can end a
    /// lock before its real duration has passed while PosAuth was running — the trade-off is that a lock survives a
    /// power-off (a 5-minute lock with 2 minutes left still has 2 minutes left after the reboot). A positive value credits
    /// forward wall-clock moves up to that much per observation (a clock set forward while the device was off can then
    /// end a lock early by up to that much); <see langword="null"/> credits them without limit. Backward moves never
    /// credit time, and within one process forward jumps are ignored (the monotonic clock is used).
    /// </summary>
    public TimeSpan? MaxForwardClockCredit { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The longest wait the administrator (99) can be locked for, whatever <see cref="MaxWait"/>,
    /// <see cref="WaitIncrement"/> or a role override says: strangers must never brick a terminal by locking its
    /// administrator (who is also never locked permanently). Default: 1 hour. Range: more than 0, at most 1 hour.
    /// </summary>
    public TimeSpan AdministratorMaxWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest <see cref="AdministratorMaxWait"/> accepted: 1 hour.</summary>
    public static readonly TimeSpan AdministratorMaxWaitLimit = TimeSpan.FromHours(1);

    /// <summary>The per-terminal throttle. Default: on, 20 failures, 15-minute window, 5-minute wait.</summary>
    public TerminalThrottleOptions TerminalThrottle { get; set; } = new();

    /// <summary>Per-role overrides. Default: none. The administrator is never locked permanently whatever is set here.</summary>
    public Dictionary<OperatorRole, LockoutRoleOptions> Roles { get; set; } = [];
}
