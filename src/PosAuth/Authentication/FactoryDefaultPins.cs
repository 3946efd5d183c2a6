using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace PosAuth;

/// <summary>
/// The one list of factory-default PINs: the PINs a factory reset installs, per role
/// (<see cref="RecoveryOptions.FactoryAdministratorPin"/>, <see cref="RecoveryOptions.FactorySupervisorPin"/>,
/// <see cref="RecoveryOptions.FactoryOperatorPin"/>). A sign-in with any of them always must change the PIN; no new PIN
/// may equal one; under <c>AddPosAuth</c> the PIN policy's <see cref="PinPolicyOptions.FactoryDefaults"/> is set from it.
/// </summary>
internal static class FactoryDefaultPins
{
    /// <summary>The factory-default PINs of <paramref name="options"/>, without duplicates.</summary>
    public static string[] From(RecoveryOptions options) =>
        [.. new[] { options.FactoryAdministratorPin, options.FactorySupervisorPin, options.FactoryOperatorPin }
            .Where(p => !string.IsNullOrEmpty(p))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="normalizedPin"/> (ASCII digits) is one of <paramref name="defaults"/>.</summary>
    public static bool Contains(string[] defaults, ReadOnlySpan<char> normalizedPin)
    {
        foreach (string candidate in defaults)
        {
            if (normalizedPin.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Sets <see cref="PinPolicyOptions.FactoryDefaults"/> from the factory-reset PINs, so the policy, the authenticator and
/// the factory reset share one list. A list that was set by hand to something else is left for
/// <see cref="PinPolicyFactoryDefaultsValidator"/> to report (configure <c>Recovery:Factory*Pin</c> instead).
/// </summary>
internal sealed class PinPolicyFactoryDefaultsSetup(IOptions<RecoveryOptions> recovery) : IPostConfigureOptions<PinPolicyOptions>
{
    private static readonly string[] PackageDefaults = [.. new PinPolicyOptions().FactoryDefaults];

    public void PostConfigure(string? name, PinPolicyOptions options)
    {
        string[] derived = FactoryDefaultPins.From(recovery.Value);
        if (options.FactoryDefaults is null || SameSet(options.FactoryDefaults, PackageDefaults) || SameSet(options.FactoryDefaults, derived))
        {
            options.FactoryDefaults = [.. derived];
        }
    }

    internal static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);
}

/// <summary>Reports a <see cref="PinPolicyOptions.FactoryDefaults"/> that disagrees with the factory-reset PINs.</summary>
internal sealed class PinPolicyFactoryDefaultsValidator(IOptions<RecoveryOptions> recovery) : IValidateOptions<PinPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PinPolicyOptions options)
    {
        if (options.FactoryDefaults is null)
        {
            return ValidateOptionsResult.Skip;
        }

        string[] derived = FactoryDefaultPins.From(recovery.Value);
        return PinPolicyFactoryDefaultsSetup.SameSet(options.FactoryDefaults, derived)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "PinPolicy.FactoryDefaults is set from the factory-reset PINs under AddPosAuth (one list for the policy, the sign-in and the factory reset): "
                + "configure Recovery.FactoryAdministratorPin, Recovery.FactorySupervisorPin and Recovery.FactoryOperatorPin instead of PinPolicy.FactoryDefaults.");
    }
}
