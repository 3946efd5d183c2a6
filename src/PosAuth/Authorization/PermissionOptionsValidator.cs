using Microsoft.Extensions.Options;

namespace PosAuth;

/// <summary>Validates <see cref="PermissionOptions"/>, reporting every error in one message.</summary>
internal sealed class PermissionOptionsValidator : IValidateOptions<PermissionOptions>
{
    public ValidateOptionsResult Validate(string? name, PermissionOptions options)
    {
        var errors = new List<string>();
        if (options.Grants is null)
        {
            errors.Add("Permissions.Grants must not be null.");
        }

        if (options.RequireSupervisorAuthorization is null)
        {
            errors.Add("Permissions.RequireSupervisorAuthorization must not be null.");
        }

        if (options.AuthorizationLifetime <= TimeSpan.Zero)
        {
            errors.Add($"Permissions.AuthorizationLifetime must be positive (was {options.AuthorizationLifetime}).");
        }

        if (options.Grants is not null && options.RequireSupervisorAuthorization is not null)
        {
            foreach (Permission p in options.RequireSupervisorAuthorization)
            {
                if (!options.Grants.TryGetValue(OperatorRole.Supervisor, out HashSet<Permission>? supervisor) || !supervisor.Contains(p))
                {
                    errors.Add($"Permissions: {p} requires supervisor authorisation but the supervisor role is not granted it.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
