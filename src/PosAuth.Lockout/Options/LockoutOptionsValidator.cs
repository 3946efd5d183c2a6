using Microsoft.Extensions.Options;

namespace PosAuth.Lockout;

/// <summary>Validates <see cref="LockoutOptions"/>, collecting every error into one result.</summary>
internal sealed class LockoutOptionsValidator : IValidateOptions<LockoutOptions>
{
    public ValidateOptionsResult Validate(string? name, LockoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, "", options.MaxFailures, options.Mode, options.MaxTemporaryLockouts, options.WaitGrowth, options.WaitIncrement, options.MaxWait, options.FailureResetWindow);
        if (options.MaxForwardClockCredit is { } credit && credit < TimeSpan.Zero)
        {
            errors.Add("MaxForwardClockCredit must not be negative.");
        }

        if (!Enum.IsDefined(options.Scope))
        {
            errors.Add($"Scope {options.Scope} is not defined.");
        }

        if (options.AdministratorMaxWait <= TimeSpan.Zero || options.AdministratorMaxWait > LockoutOptions.AdministratorMaxWaitLimit)
        {
            errors.Add($"AdministratorMaxWait must be more than 0 and at most {LockoutOptions.AdministratorMaxWaitLimit} (was {options.AdministratorMaxWait}).");
        }

        if (options.TerminalThrottle is null)
        {
            errors.Add("TerminalThrottle must not be null.");
        }
        else if (options.TerminalThrottle.Enabled)
        {
            if (options.TerminalThrottle.MaxFailures < 1)
            {
                errors.Add("TerminalThrottle.MaxFailures must be at least 1.");
            }

            if (options.TerminalThrottle.Window <= TimeSpan.Zero)
            {
                errors.Add("TerminalThrottle.Window must be positive.");
            }

            if (options.TerminalThrottle.Wait <= TimeSpan.Zero)
            {
                errors.Add("TerminalThrottle.Wait must be positive.");
            }
        }

        if (options.Roles is null)
        {
            errors.Add("Roles must not be null.");
        }
        else
        {
            foreach ((OperatorRole role, LockoutRoleOptions? o) in options.Roles)
            {
                if (!Enum.IsDefined(role))
                {
                    errors.Add($"Roles: {role} is not a defined role.");
                    continue;
                }

                if (o is null)
                {
                    errors.Add($"Roles[{role}] must not be null.");
                    continue;
                }

                RolePolicy p = RolePolicy.For(options, role);
                Check(errors, $"Roles[{role}].", p.MaxFailures, o.Mode ?? options.Mode, p.MaxTemporaryLockouts, p.WaitGrowth, p.WaitIncrement, p.MaxWait, p.FailureResetWindow);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(string.Join(" ", errors));
    }

    private static void Check(List<string> errors, string prefix, int maxFailures, LockoutMode mode, int maxTemporaryLockouts, WaitGrowth growth, TimeSpan increment, TimeSpan maxWait, TimeSpan resetWindow)
    {
        if (maxFailures is < 1 or > 100)
        {
            errors.Add($"{prefix}MaxFailures must be between 1 and 100 (was {maxFailures}).");
        }

        if (!Enum.IsDefined(mode))
        {
            errors.Add($"{prefix}Mode {mode} is not defined.");
        }

        if (mode == LockoutMode.PermanentAfterTemporary && maxTemporaryLockouts < 1)
        {
            errors.Add($"{prefix}MaxTemporaryLockouts must be at least 1 in mode PermanentAfterTemporary (was {maxTemporaryLockouts}).");
        }

        if (!Enum.IsDefined(growth))
        {
            errors.Add($"{prefix}WaitGrowth {growth} is not defined.");
        }

        if (increment <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}WaitIncrement must be positive.");
        }

        if (maxWait < increment)
        {
            errors.Add($"{prefix}MaxWait must be at least WaitIncrement.");
        }

        if (resetWindow <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}FailureResetWindow must be positive.");
        }
    }
}
