using Microsoft.Extensions.Options;
using Npgsql;

namespace PosAuth.Storage.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlStoreOptions"/>, collecting every error into one message.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    /// <summary>The smallest accepted audit chain key, in bytes.</summary>
    internal const int MinAuditKeyLength = 16;

    /// <summary>PostgreSQL truncates identifiers longer than this.</summary>
    internal const int MaxSchemaLength = 63;

    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns every problem with <paramref name="options"/>. Messages never repeat the connection string.</summary>
    internal static List<string> Collect(PostgreSqlStoreOptions options)
    {
        var errors = new List<string>();
        bool hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.DataSource is not null))
        {
            errors.Add("PostgreSqlStoreOptions: set exactly one of ConnectionString and DataSource.");
        }

        if (hasConnectionString)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                // The message would quote the string, which may hold a password.
                errors.Add("PostgreSqlStoreOptions.ConnectionString is not a valid Npgsql connection string.");
            }
        }

        if (options.Site is null || !OperatorIds.IsWellFormed(options.Site))
        {
            errors.Add($"PostgreSqlStoreOptions.Site is required: 1 to {OperatorIds.MaxLength} ASCII letters or digits.");
        }

        if (!IsValidSchema(options.Schema))
        {
            errors.Add($"PostgreSqlStoreOptions.Schema must be 1 to {MaxSchemaLength} lower-case ASCII letters, digits or underscores, not starting with a digit.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("PostgreSqlStoreOptions.CommandTimeout must be between 1 second and 10 minutes.");
        }

        if (options.ClockResyncInterval < TimeSpan.FromSeconds(1) || options.ClockResyncInterval > TimeSpan.FromHours(1))
        {
            errors.Add("PostgreSqlStoreOptions.ClockResyncInterval must be between 1 second and 1 hour.");
        }

        if (options.AuditChainKey is { Length: < MinAuditKeyLength })
        {
            errors.Add($"PostgreSqlStoreOptions.AuditChainKey must be at least {MinAuditKeyLength} bytes when set.");
        }

        return errors;
    }

    /// <summary>Throws when <paramref name="options"/> is invalid (for stores built without DI).</summary>
    internal static void ThrowIfInvalid(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(PostgreSqlStoreOptions), typeof(PostgreSqlStoreOptions), errors);
        }
    }

    /// <summary>
    /// Whether <paramref name="schema"/> is a plain lower-case identifier. The schema name is written into SQL text
    /// (identifiers cannot be parameters), so nothing else is accepted.
    /// </summary>
    internal static bool IsValidSchema(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > MaxSchemaLength || char.IsAsciiDigit(schema[0]))
        {
            return false;
        }

        foreach (char c in schema)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
