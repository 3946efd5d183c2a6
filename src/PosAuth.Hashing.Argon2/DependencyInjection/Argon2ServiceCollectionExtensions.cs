using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;
using PosAuth.Hashing.Argon2;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>DI registration of PosAuth.Hashing.Argon2.</summary>
public static class Argon2ServiceCollectionExtensions
{
    /// <summary>
    /// Makes Argon2id the format the <see cref="IPinHasher"/> of <c>AddPosAuthHashing</c> (and so <c>AddPosAuth</c>) writes:
    /// registers the Argon2id <see cref="IPinHashFormat"/> and sets <see cref="PinHasherOptions.WriteFormat"/> to
    /// <c>argon2id</c>. PBKDF2 and legacy hashes are still read (<see cref="PinVerificationResult.SuccessRehashNeeded"/>,
    /// so they are upgraded on the next sign-in) until you add <c>pbkdf2</c> to <see cref="PinHasherOptions.RetiredFormats"/>.
    /// Uses TryAdd*: harmless twice, in any order with <c>AddPosAuth</c> / <c>AddPosAuthHashing</c>; an <see cref="IPinHasher"/>
    /// you registered yourself is kept (this then only adds the format). Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration of the Argon2id parameters.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPosAuthArgon2id(this IServiceCollection services, Action<Argon2idPinHasherOptions>? configure = null)
    {
        services.AddPosAuthArgon2idVerification(configure);
        services.Configure<PinHasherOptions>(static o => o.WriteFormat = Argon2idPinHasher.FormatName);
        return services;
    }

    /// <summary>
    /// Registers the Argon2id <see cref="IPinHashFormat"/> so the <see cref="IPinHasher"/> still verifies Argon2id hashes
    /// while writing another format (PBKDF2 by default): the way back for terminals too small for Argon2id. Argon2id
    /// hashes then verify with <see cref="PinVerificationResult.SuccessRehashNeeded"/> (within the memory ceiling; above
    /// it they are refused unallocated, and need a PIN reset). Uses TryAdd*; options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration of the Argon2id parameters (the ceiling, and the cost it pads to).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPosAuthArgon2idVerification(this IServiceCollection services, Action<Argon2idPinHasherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPosAuthHashing();
        OptionsBuilder<Argon2idPinHasherOptions> options = services.AddOptions<Argon2idPinHasherOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Argon2idPinHasherOptions>, Argon2idPinHasherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPinHashFormat, Argon2idHashFormat>());
        return services;
    }
}
