namespace PosAuth.Authentication;

/// <summary>Options of the sign-in hot path.</summary>
public sealed class AuthenticationOptions
{
    /// <summary>
    /// The factory-default PINs (public knowledge). A sign-in with any of them always yields
    /// <see cref="AuthenticationOutcome.SucceededMustChangePin"/>, whatever path put it there.
    /// Default: <c>12345678</c> (administrator 99), <c>123456</c> (supervisor 00), <c>0000</c> (operators).
    /// </summary>
    public HashSet<string> FactoryDefaultPins { get; set; } = ["12345678", "123456", "0000"];

    /// <summary>
    /// How long a temporary PIN stays usable after its first successful use, to complete the forced
    /// change; it then expires even if its issued validity was longer (single use). Default: 5 minutes.
    /// </summary>
    public TimeSpan TemporaryPinChangeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a hash that is legacy or under-parameterised is upgraded after a successful sign-in. Default: <see langword="true"/>.</summary>
    public bool RehashOnSuccess { get; set; } = true;
}
