namespace PosAuth.Sessions;

/// <summary>Why a (new) sign-in is required.</summary>
public enum SignInRequiredReason
{
    /// <summary>No sign-in is pending.</summary>
    None = 0,

    /// <summary>The host demanded it (for example response code 77, an error-code action <c>SignInAgain</c>).</summary>
    HostDemanded = 1,

    /// <summary>The batch number the host reported differs from the terminal's.</summary>
    BatchMismatch = 2,

    /// <summary>The configured local day cut-over time passed since the host sign-in.</summary>
    DayCutOver = 3,

    /// <summary>The host sign-in is older than <see cref="SessionOptions.MaxSessionAge"/>.</summary>
    MaxSessionAge = 4,

    /// <summary>The terminal restarted (power cycle) and the restore policy requires a new sign-in.</summary>
    Restart = 5,

    /// <summary>The working keys expired.</summary>
    KeyExpired = 6,

    /// <summary>A MAC or PIN key error was reported (for example response A0).</summary>
    MacOrPinKeyError = 7,

    /// <summary>The last host sign-in attempt failed.</summary>
    HostSignInFailed = 8,
}
