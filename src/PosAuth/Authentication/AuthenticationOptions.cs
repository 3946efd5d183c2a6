namespace PosAuth;

/// <summary>
/// Options of the sign-in hot path. The factory-default PINs (a sign-in with one always must change the PIN) are not
/// set here: they are the factory-reset PINs of <see cref="RecoveryOptions"/>, one list for the whole SDK.
/// </summary>
public sealed class AuthenticationOptions
{
    /// <summary>
    /// How long a temporary PIN stays usable after its first successful use, to complete the forced
    /// change; it then expires even if its issued validity was longer (single use). Default: 5 minutes.
    /// </summary>
    public TimeSpan TemporaryPinChangeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a hash that is legacy or under-parameterised is upgraded after a successful sign-in. Default: <see langword="true"/>.</summary>
    public bool RehashOnSuccess { get; set; } = true;
}
