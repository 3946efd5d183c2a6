using Microsoft.Extensions.Options;

namespace PosAuth.Storage.Sqlite;

/// <summary>Validates <see cref="SqliteStoreOptions"/>, collecting every error into one message.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    /// <summary>The smallest accepted audit chain key, in bytes.</summary>
    internal const int MinAuditKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns every problem with <paramref name="options"/>.</summary>
    internal static List<string> Collect(SqliteStoreOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add("SqliteStoreOptions.DatabasePath is required.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("SqliteStoreOptions.BusyTimeout must be between 0 and 10 minutes.");
        }

        if (options.AuditChainKey is { Length: < MinAuditKeyLength })
        {
            errors.Add($"SqliteStoreOptions.AuditChainKey must be at least {MinAuditKeyLength} bytes when set.");
        }

        return errors;
    }

    /// <summary>Throws when <paramref name="options"/> is invalid (for stores built without DI).</summary>
    internal static void ThrowIfInvalid(SqliteStoreOptions options)
    {
        List<string> errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(SqliteStoreOptions), typeof(SqliteStoreOptions), errors);
        }
    }
}
