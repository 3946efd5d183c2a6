using Microsoft.Extensions.Options;

namespace PosAuth.Recovery;

/// <summary>Input and options checks shared by the recovery services.</summary>
internal static class RecoveryGuard
{
    /// <summary>Whether every id is a well-formed operator or terminal number (1 to 16 ASCII letters or digits).</summary>
    public static bool AreWellFormed(params ReadOnlySpan<string?> ids)
    {
        foreach (string? id in ids)
        {
            if (id is null || !OperatorIds.IsWellFormed(id))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Validates options for a service built without DI (DI validates them at start-up too).</summary>
    public static RecoveryOptions Validated(RecoveryOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = RecoveryOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RecoveryOptions), errors);
        }

        return options;
    }
}
