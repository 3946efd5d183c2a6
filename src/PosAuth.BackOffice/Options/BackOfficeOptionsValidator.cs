using Microsoft.Extensions.Options;

namespace PosAuth.BackOffice;

/// <summary>Checks <see cref="BackOfficeOptions"/>, collecting every error in one message.</summary>
internal sealed class BackOfficeOptionsValidator : IValidateOptions<BackOfficeOptions>
{
    public ValidateOptionsResult Validate(string? name, BackOfficeOptions o)
    {
        var errors = new List<string>();
        if (o.Secret is not { Length: >= 32 })
        {
            errors.Add($"{nameof(o.Secret)} is required: 32 random bytes or more, kept outside the database.");
        }

        if (o.OfflineUnlockMasterKey is { Length: < 16 })
        {
            errors.Add($"{nameof(o.OfflineUnlockMasterKey)} must be at least 16 bytes when set.");
        }

        Range(errors, nameof(o.ClockSkew), o.ClockSkew, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15));
        Range(errors, nameof(o.TerminalOnlineWindow), o.TerminalOnlineWindow, TimeSpan.FromSeconds(5), o.ClockSkew + o.ClockSkew);
        Range(errors, nameof(o.MaxLaneRequestBytes), o.MaxLaneRequestBytes, 1024, 16 * 1024 * 1024);
        Range(errors, nameof(o.MaxManagementRequestBytes), o.MaxManagementRequestBytes, 1024, 1024 * 1024);
        Range(errors, nameof(o.LongPollTimeout), o.LongPollTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range(errors, nameof(o.DirectoryPageSize), o.DirectoryPageSize, 10, 10_000);
        Range(errors, nameof(o.LeaseLifetime), o.LeaseLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Range(errors, nameof(o.LeaseReclaimMargin), o.LeaseReclaimMargin, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Range(errors, nameof(o.MaxLeaseSize), o.MaxLeaseSize, 1, 10);
        Range(errors, nameof(o.TemporaryPinLength), o.TemporaryPinLength, 4, 12);
        Range(errors, nameof(o.TemporaryPinLifetime), o.TemporaryPinLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));
        if (o.UnusedAccountPeriod is { } unused)
        {
            Range(errors, nameof(o.UnusedAccountPeriod), unused, TimeSpan.FromDays(1), TimeSpan.FromDays(90));
        }

        Range(errors, nameof(o.MaintenanceInterval), o.MaintenanceInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(errors, nameof(o.UserMaxFailures) + " (PCI DSS 8.3.4: at most 10)", o.UserMaxFailures, 3, 10);
        Range(errors, nameof(o.UserLockDuration) + " (PCI DSS 8.3.4: at least 30 minutes)", o.UserLockDuration, TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));
        Range(errors, nameof(o.PasswordMinLength) + " (PCI DSS 8.3.6: at least 12)", o.PasswordMinLength, 12, 64);
        Range(errors, nameof(o.PasswordHistory) + " (PCI DSS 8.3.7: at least 4)", o.PasswordHistory, 4, 24);
        Range(errors, nameof(o.SessionIdleTimeout) + " (PCI DSS 8.2.8: at most 15 minutes)", o.SessionIdleTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        Range(errors, nameof(o.SessionLifetime), o.SessionLifetime, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24));
        if (string.IsNullOrWhiteSpace(o.TotpIssuer) || o.TotpIssuer.Length > 64 || o.TotpIssuer.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{nameof(o.TotpIssuer)} must be 1 to 64 characters without ':'.");
        }

        if (o.SiteLockout is null)
        {
            errors.Add($"{nameof(o.SiteLockout)} is required.");
        }
        else
        {
            try
            {
                // The lockout package validates its own options when a policy is built.
                _ = new PosAuth.Lockout.LockoutPolicy(new PosAuth.Lockout.InMemoryAttemptStore(), Microsoft.Extensions.Options.Options.Create(o.SiteLockout), TimeProvider.System);
            }
            catch (OptionsValidationException ex)
            {
                errors.Add($"{nameof(o.SiteLockout)}: {ex.Message}");
            }
        }

        if (o.Hashing is null)
        {
            errors.Add($"{nameof(o.Hashing)} is required.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range<T>(List<string> errors, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{name} must be between {min} and {max} (it is {value}).");
        }
    }
}
