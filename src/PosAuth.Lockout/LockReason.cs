namespace PosAuth.Lockout;

/// <summary>Why a subject is locked.</summary>
public enum LockReason
{
    /// <summary>Not locked.</summary>
    None = 0,

    /// <summary>The subject reached the maximum number of consecutive failures.</summary>
    TooManyFailures = 1,

    /// <summary>Mode <see cref="LockoutMode.PermanentAfterTemporary"/>: the temporary lockouts were used up.</summary>
    PermanentAfterTemporaryLockouts = 2,

    /// <summary>The per-terminal throttle (failures across all operators on the terminal) is engaged.</summary>
    TerminalThrottle = 3,
}
