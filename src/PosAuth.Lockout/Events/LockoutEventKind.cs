namespace PosAuth.Lockout;

/// <summary>What happened in a <see cref="LockoutEvent"/>.</summary>
public enum LockoutEventKind
{
    /// <summary>A subject was locked (temporarily or permanently) by a failure.</summary>
    Locked = 0,

    /// <summary>A subject was unlocked by an actor.</summary>
    Unlocked = 1,

    /// <summary>The per-terminal throttle engaged.</summary>
    Throttled = 2,
}
