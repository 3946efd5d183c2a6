namespace PosAuth.Lockout;

/// <summary>
/// How the temporary wait grows with the consecutive failure count <c>n</c> (Keycloak's formulas, capped at
/// <see cref="LockoutOptions.MaxWait"/>; <c>n</c> ≥ <c>MaxFailures</c> whenever a lock applies).
/// </summary>
public enum WaitGrowth
{
    /// <summary><c>WaitIncrement × floor(n / MaxFailures)</c>: one increment more every <c>MaxFailures</c> failures.</summary>
    Multiplied = 0,

    /// <summary><c>WaitIncrement × (1 + n − MaxFailures)</c>: one increment more per failure beyond the limit.</summary>
    Linear = 1,
}
