using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PosAuth.Sessions;

/// <summary>
/// Fails start-up (with the options' <c>ValidateOnStart</c>) when a service the session factory needs is not
/// registered, instead of at the first <see cref="ITerminalSessionManagerFactory"/> resolution, and says what to register.
/// Without <see cref="IServiceProviderIsService"/> (a container that lacks it) nothing is checked here.
/// </summary>
internal sealed class SessionDependenciesValidator(IServiceProviderIsService? isService = null) : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        if (isService is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!isService.IsService(typeof(IHostSignOn)))
        {
            errors.Add("No IHostSignOn is registered: register the vendor's host link for 签到/签退 (ISO 8583 0800/0820), for example services.AddSingleton<IHostSignOn, MyIso8583SignOn>().");
        }

        if (!isService.IsService(typeof(IOperatorVerifier)))
        {
            errors.Add("No IOperatorVerifier is registered: call services.AddPosAuth() from the PosAuth package (it verifies through the authenticator, with lockout), or register your own.");
        }

        if (!isService.IsService(typeof(IOperatorPinChanger)))
        {
            errors.Add("No IOperatorPinChanger is registered: call services.AddPosAuth() from the PosAuth package (it changes PINs through the PIN recovery service), or register your own.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
