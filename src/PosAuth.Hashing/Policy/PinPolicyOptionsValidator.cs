using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>Validates <see cref="PinPolicyOptions"/>, collecting every error into one message.</summary>
internal sealed class PinPolicyOptionsValidator : IValidateOptions<PinPolicyOptions>
{
    public const int MaxHistoryDepth = 24;

    public ValidateOptionsResult Validate(string? name, PinPolicyOptions options)
    {
        List<string> errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(PinPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckRule(errors, nameof(options.Operator), options.Operator);
        CheckRule(errors, nameof(options.Supervisor), options.Supervisor);
        CheckRule(errors, nameof(options.Administrator), options.Administrator);
        if (options.HistoryDepth is < 0 or > MaxHistoryDepth)
        {
            errors.Add($"{nameof(options.HistoryDepth)} must lie between 0 and {MaxHistoryDepth}.");
        }

        if (options.FactoryDefaults is null)
        {
            errors.Add($"{nameof(options.FactoryDefaults)} must not be null.");
        }
        else if (options.FactoryDefaults.Any(p => string.IsNullOrEmpty(p) || p.Length > PinInput.MaxLength || !p.All(char.IsAsciiDigit)))
        {
            errors.Add($"Every entry of {nameof(options.FactoryDefaults)} must be 1 to {PinInput.MaxLength} ASCII digits.");
        }

        if (options.DisabledRules is null)
        {
            errors.Add($"{nameof(options.DisabledRules)} must not be null.");
        }

        return errors;
    }

    private static void CheckRule(List<string> errors, string name, PinLengthRule? rule)
    {
        if (rule is null)
        {
            errors.Add($"{name} must not be null.");
            return;
        }

        if (rule.MinLength < 1 || rule.MaxLength < rule.MinLength || rule.MaxLength > PinInput.MaxLength)
        {
            errors.Add($"{name} must satisfy 1 <= MinLength <= MaxLength <= {PinInput.MaxLength}.");
        }
    }
}
