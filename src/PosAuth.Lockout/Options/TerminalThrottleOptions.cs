namespace PosAuth.Lockout;

/// <summary>
/// The per-terminal throttle: failures across every operator id on one terminal, so spraying guesses over
/// many operator ids is slowed too. Counted in the bucket <see cref="AttemptKey.ForTerminal"/>.
/// </summary>
public sealed class TerminalThrottleOptions
{
    /// <summary>Whether the throttle is on. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failures on the terminal (any operator) that engage the throttle. Default: 20.</summary>
    public int MaxFailures { get; set; } = 20;

    /// <summary>A quiet period (no failure on the terminal) after which its count is forgotten. Default: 15 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the engaged throttle refuses every attempt on the terminal. Default: 5 minutes.</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromMinutes(5);
}
