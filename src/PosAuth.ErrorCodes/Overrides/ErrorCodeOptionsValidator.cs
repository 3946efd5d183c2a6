using Microsoft.Extensions.Options;

namespace PosAuth.ErrorCodes.Overrides;

/// <summary>Validates <see cref="ErrorCodeOptions"/> at start-up, listing every bad entry in one message.</summary>
internal sealed class ErrorCodeOptionsValidator : IValidateOptions<ErrorCodeOptions>
{
    public ValidateOptionsResult Validate(string? name, ErrorCodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        Collect(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Reads the option entries and the file, validates them all, and returns the combined list.</summary>
    internal static List<ErrorCodeOverride> Collect(ErrorCodeOptions options, List<string> errors)
    {
        var labelled = new List<(string Label, ErrorCodeOverride Entry)>();
        for (int i = 0; i < options.Overrides.Count; i++)
        {
            labelled.Add(($"{nameof(ErrorCodeOptions.Overrides)}[{i}]", options.Overrides[i]));
        }

        if (options.OverrideFilePath is { } path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{nameof(ErrorCodeOptions.OverrideFilePath)} is blank; leave it null for no file.");
            }
            else
            {
                List<ErrorCodeOverride> fromFile = ErrorCodeOverrideJson.ReadFile(path, errors);
                labelled.AddRange(ErrorCodeOverrideJson.Label(fromFile, path + ": codes"));
            }
        }

        OverrideValidator.Validate(labelled, errors);
        return labelled.ConvertAll(l => l.Entry);
    }
}
