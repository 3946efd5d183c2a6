using Microsoft.Extensions.Options;
using PosAuth;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Start-up checks for apps without the Generic Host: <c>provider.ValidatePosAuthOptions()</c>.</summary>
public static class PosAuthServiceProviderExtensions
{
    /// <summary>
    /// Validates every PosAuth section at once, as the Generic Host does at start-up: configuration keys that bind to
    /// nothing (a misspelled <c>"MaxFailure"</c>), values that do not convert (<c>"IdleLockAfter": "5 min"</c>) and every
    /// section's rules. Call it right after <c>BuildServiceProvider()</c> in a firmware app; without it, the first
    /// resolution of a PosAuth service runs the same check.
    /// </summary>
    /// <param name="services">The provider built from a collection PosAuth was added to.</param>
    /// <exception cref="OptionsValidationException">Any section is invalid; <see cref="OptionsValidationException.Failures"/>
    /// lists every error, each prefixed with its section (<c>Sessions: IdleLockAfter must be …</c>), and the message joins them.</exception>
    /// <exception cref="InvalidOperationException"><c>AddPosAuth</c> was not called on the collection.</exception>
    public static void ValidatePosAuthOptions(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        PosAuthOptionsCheck check = services.GetService<PosAuthOptionsCheck>()
            ?? throw new InvalidOperationException("PosAuth is not registered: call services.AddPosAuth(…) before BuildServiceProvider().");
        check.ThrowIfInvalid();
    }
}
