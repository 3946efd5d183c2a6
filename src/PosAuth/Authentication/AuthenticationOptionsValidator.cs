using Microsoft.Extensions.Options;

namespace PosAuth;

/// <summary>Validates <see cref="AuthenticationOptions"/>, reporting every error in one message.</summary>
internal sealed class AuthenticationOptionsValidator : IValidateOptions<AuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthenticationOptions options)
    {
        var errors = new List<string>();
        if (options.TemporaryPinChangeWindow <= TimeSpan.Zero)
        {
            errors.Add($"Authentication.TemporaryPinChangeWindow must be positive (was {options.TemporaryPinChangeWindow}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
