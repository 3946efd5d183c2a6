namespace PosAuth.Lockout;

/// <summary>Whose guesses share one failure budget.</summary>
public enum LockoutScope
{
    /// <summary>
    /// Each (terminal, operator) pair has its own budget: the default for a terminal with its own store. Ten lanes that
    /// share operators but not a store give an attacker ten budgets.
    /// </summary>
    PerTerminal = 0,

    /// <summary>
    /// One budget per operator for every lane of the site, over a store the lanes share (PostgreSQL on the store LAN, or
    /// the back office): five wrong PINs spread over ten lanes lock the operator on all of them, and an unlock on one lane
    /// lifts it everywhere. The per-terminal throttle stays per terminal.
    /// </summary>
    PerSite = 1,
}
