using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>The <c>PosAuth</c> configuration section <c>AddPosAuth(configuration)</c> was given.</summary>
internal sealed class PosAuthConfigurationSection(IConfiguration section)
{
    public IConfiguration Section { get; } = section;
}

/// <summary>
/// Checks every PosAuth section at once: the configuration keys that bind to nothing, the values the binder cannot
/// convert, and every section's validators, so one message lists every error. It runs when any section's options are
/// first read (it is registered as a validator of each; every core service reads its options when it is created, so
/// the first resolution of a PosAuth service finds every error), when the Generic Host validates at start-up, and on
/// <see cref="PosAuthServiceProviderExtensions.ValidatePosAuthOptions"/>.
/// </summary>
internal sealed class PosAuthOptionsCheck(IServiceProvider services) :
    IValidateOptions<Pbkdf2PinHasherOptions>, IValidateOptions<PinPolicyOptions>, IValidateOptions<LockoutOptions>,
    IValidateOptions<SessionOptions>, IValidateOptions<ErrorCodeOptions>, IValidateOptions<AuthenticationOptions>,
    IValidateOptions<PermissionOptions>, IValidateOptions<RecoveryOptions>, IValidateOptions<PinPepperOptions>
{
    /// <summary>The sections under <c>PosAuth</c> and the options each binds to (the names of <see cref="PosAuthOptions"/>).</summary>
    internal static readonly IReadOnlyDictionary<string, Type> Sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(PosAuthOptions.Hashing)] = typeof(Pbkdf2PinHasherOptions),
        [nameof(PosAuthOptions.PinPolicy)] = typeof(PinPolicyOptions),
        [nameof(PosAuthOptions.Lockout)] = typeof(LockoutOptions),
        [nameof(PosAuthOptions.Sessions)] = typeof(SessionOptions),
        [nameof(PosAuthOptions.ErrorCodes)] = typeof(ErrorCodeOptions),
        [nameof(PosAuthOptions.Authentication)] = typeof(AuthenticationOptions),
        [nameof(PosAuthOptions.Permissions)] = typeof(PermissionOptions),
        [nameof(PosAuthOptions.Recovery)] = typeof(RecoveryOptions),
        [PepperSection] = typeof(PinPepperOptions),
    };

    internal const string PepperSection = "Pepper";

    /// <summary>Creates a fresh instance of each section's options: the binding, post-configuration and every validator.</summary>
    private static readonly (string Section, Type Type, Action<IServiceProvider> Create)[] Factories =
    [
        (nameof(PosAuthOptions.Hashing), typeof(Pbkdf2PinHasherOptions), Create<Pbkdf2PinHasherOptions>),
        (nameof(PosAuthOptions.PinPolicy), typeof(PinPolicyOptions), Create<PinPolicyOptions>),
        (nameof(PosAuthOptions.Lockout), typeof(LockoutOptions), Create<LockoutOptions>),
        (nameof(PosAuthOptions.Sessions), typeof(SessionOptions), Create<SessionOptions>),
        (nameof(PosAuthOptions.ErrorCodes), typeof(ErrorCodeOptions), Create<ErrorCodeOptions>),
        (nameof(PosAuthOptions.Authentication), typeof(AuthenticationOptions), Create<AuthenticationOptions>),
        (nameof(PosAuthOptions.Permissions), typeof(PermissionOptions), Create<PermissionOptions>),
        (nameof(PosAuthOptions.Recovery), typeof(RecoveryOptions), Create<RecoveryOptions>),
        (PepperSection, typeof(PinPepperOptions), Create<PinPepperOptions>),
    ];

    /// <summary>Set while this thread runs the whole check, so the sections it reads do not start it again.</summary>
    [ThreadStatic]
    private static bool t_checking;

    /// <summary>Throws one <see cref="OptionsValidationException"/> listing every error of every section, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        List<string> errors = Collect(except: null);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PosAuthOptions), errors);
        }
    }

    ValidateOptionsResult IValidateOptions<Pbkdf2PinHasherOptions>.Validate(string? name, Pbkdf2PinHasherOptions options) => Others(name, typeof(Pbkdf2PinHasherOptions), options);

    ValidateOptionsResult IValidateOptions<PinPolicyOptions>.Validate(string? name, PinPolicyOptions options) => Others(name, typeof(PinPolicyOptions), options);

    ValidateOptionsResult IValidateOptions<LockoutOptions>.Validate(string? name, LockoutOptions options) => Others(name, typeof(LockoutOptions), options);

    ValidateOptionsResult IValidateOptions<SessionOptions>.Validate(string? name, SessionOptions options) => Others(name, typeof(SessionOptions), options);

    ValidateOptionsResult IValidateOptions<ErrorCodeOptions>.Validate(string? name, ErrorCodeOptions options) => Others(name, typeof(ErrorCodeOptions), options);

    ValidateOptionsResult IValidateOptions<AuthenticationOptions>.Validate(string? name, AuthenticationOptions options) => Others(name, typeof(AuthenticationOptions), options);

    ValidateOptionsResult IValidateOptions<PermissionOptions>.Validate(string? name, PermissionOptions options) => Others(name, typeof(PermissionOptions), options);

    ValidateOptionsResult IValidateOptions<PinPepperOptions>.Validate(string? name, PinPepperOptions options) => Others(name, typeof(PinPepperOptions), options);

    ValidateOptionsResult IValidateOptions<RecoveryOptions>.Validate(string? name, RecoveryOptions options) => Others(name, typeof(RecoveryOptions), options);

    /// <summary>
    /// Validating one section: its own validators report its errors in the same exception; this adds the unknown keys and
    /// every other section's errors.
    /// </summary>
    private ValidateOptionsResult Others(string? name, Type self, object options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>(PosAuthConfigurationKeys.BindingErrorsOf(options));
        if (!t_checking)
        {
            errors.AddRange(Collect(except: self));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private List<string> Collect(Type? except)
    {
        bool outer = !t_checking;
        t_checking = true;
        try
        {
            var errors = new List<string>();
            if (services.GetService<PosAuthConfigurationSection>() is { } configuration)
            {
                errors.AddRange(PosAuthConfigurationKeys.FindUnknownSections(configuration.Section, Sections.Keys));
            }

            foreach ((string section, Type type, Action<IServiceProvider> create) in Factories)
            {
                if (type != except)
                {
                    CheckSection(section, type, create, errors);
                }
            }

            return errors;
        }
        finally
        {
            if (outer)
            {
                t_checking = false;
            }
        }
    }

    private void CheckSection(string section, Type type, Action<IServiceProvider> create, List<string> errors)
    {
        if (type == typeof(PinPepperOptions) && services.GetService<IServiceProviderIsService>()?.IsService(typeof(IPinPepperProvider)) != true)
        {
            return; // no pepper enabled: nothing reads these options
        }

        try
        {
            create(services);
        }
        catch (OptionsValidationException invalid)
        {
            errors.AddRange(invalid.Failures.Select(f => $"{section}: {f}"));
        }
        catch (InvalidOperationException binding)
        {
            // The binder met a key that binds to nothing, or a value it cannot convert; it names the key, not the value.
            errors.Add($"{section}: {binding.Message}");
        }
    }

    private static void Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptionsFactory<T>>().Create(Options.DefaultName);
}
