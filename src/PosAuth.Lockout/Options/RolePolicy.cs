namespace PosAuth.Lockout;

/// <summary>The effective lockout rules for one role: global options, role overrides and the administrator rule.</summary>
internal readonly record struct RolePolicy(
    int MaxFailures,
    LockoutMode Mode,
    int MaxTemporaryLockouts,
    WaitGrowth WaitGrowth,
    TimeSpan WaitIncrement,
    TimeSpan MaxWait,
    TimeSpan FailureResetWindow)
{
    public static RolePolicy For(LockoutOptions options, OperatorRole role)
    {
        LockoutRoleOptions? o = options.Roles is not null && options.Roles.TryGetValue(role, out LockoutRoleOptions? r) ? r : null;
        LockoutMode mode = o?.Mode ?? options.Mode;

        TimeSpan increment = o?.WaitIncrement ?? options.WaitIncrement;
        TimeSpan maxWait = o?.MaxWait ?? options.MaxWait;

        // Built-in rule: strangers must never be able to brick a terminal by locking its administrator:
        // never permanently, and never for longer than AdministratorMaxWait.
        if (role == OperatorRole.Administrator)
        {
            mode = LockoutMode.Temporary;
            TimeSpan cap = options.AdministratorMaxWait > TimeSpan.Zero ? options.AdministratorMaxWait : LockoutOptions.AdministratorMaxWaitLimit;
            maxWait = maxWait > cap ? cap : maxWait;
            increment = increment > maxWait ? maxWait : increment;
        }

        return new RolePolicy(
            o?.MaxFailures ?? options.MaxFailures,
            mode,
            o?.MaxTemporaryLockouts ?? options.MaxTemporaryLockouts,
            o?.WaitGrowth ?? options.WaitGrowth,
            increment,
            maxWait,
            o?.FailureResetWindow ?? options.FailureResetWindow);
    }

    /// <summary>The temporary wait after failure number <paramref name="count"/> (≥ MaxFailures).</summary>
    public TimeSpan WaitFor(int count)
    {
        long units = WaitGrowth == WaitGrowth.Linear
            ? 1L + count - MaxFailures
            : count / MaxFailures;
        units = Math.Max(units, 1);
        long maxUnits = MaxWait.Ticks / WaitIncrement.Ticks;
        if (units >= maxUnits)
        {
            return MaxWait;
        }

        TimeSpan wait = TimeSpan.FromTicks(WaitIncrement.Ticks * units);
        return wait > MaxWait ? MaxWait : wait;
    }
}
