namespace PosAuth.Sessions;

/// <summary>Policy of the terminal session manager. Validated at start-up; every error is reported in one message.</summary>
public sealed class SessionOptions
{
    /// <summary>
    /// Idle time after which an operator session locks (<see cref="SessionTrigger.IdleTimeout"/>).
    /// Default: 5 minutes. <see langword="null"/> disables the idle lock. When set: from 1 second to 24 hours.
    /// </summary>
    public TimeSpan? IdleLockAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether each manager runs an idle timer (<see cref="TimeProvider.CreateTimer"/>) that locks the
    /// terminal by itself. Default: <see langword="true"/>. When <see langword="false"/>, call
    /// <see cref="TerminalSessionManager.CheckIdleAsync"/> from your UI loop.
    /// </summary>
    public bool UseIdleTimer { get; set; } = true;

    /// <summary>
    /// Local time of day (in <see cref="TimeProvider.LocalTimeZone"/>) at which a host sign-in made
    /// before it expires (<see cref="SignInRequiredReason.DayCutOver"/>). Default: <see langword="null"/>
    /// (no day cut-over); acquirers that require a daily sign-in typically use 23:00 or 00:00.
    /// </summary>
    public TimeOnly? DayCutOver { get; set; }

    /// <summary>
    /// Maximum age of a host sign-in before a new one is required (<see cref="SignInRequiredReason.MaxSessionAge"/>).
    /// Default: 24 hours. <see langword="null"/> disables the rule. When set: from 1 minute to 31 days.
    /// </summary>
    public TimeSpan? MaxSessionAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>What survives a restart. Default: <see cref="SessionRestorePolicy.RequireSignIn"/>.</summary>
    public SessionRestorePolicy RestorePolicy { get; set; } = SessionRestorePolicy.RequireSignIn;

    /// <summary>
    /// The network-management code of the sign-in (0800 field 60). Default:
    /// <see cref="NetworkManagementCode.SignInDoubleLengthKeys"/> (003). Must be 001, 003 or 004.
    /// </summary>
    public NetworkManagementCode SignInNetworkManagementCode { get; set; } = NetworkManagementCode.SignInDoubleLengthKeys;
}
