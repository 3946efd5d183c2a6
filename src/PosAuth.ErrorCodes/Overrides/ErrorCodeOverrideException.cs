namespace PosAuth.ErrorCodes;

/// <summary>An override table (options or JSON) is invalid. <see cref="Errors"/> names every bad entry.</summary>
public sealed class ErrorCodeOverrideException : Exception
{
    /// <summary>Creates the exception from the list of errors.</summary>
    /// <param name="errors">One message per problem, each naming the entry (index, code) and the field.</param>
    public ErrorCodeOverrideException(IReadOnlyList<string> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>One message per problem, each naming the entry (index, code) and the field.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "Invalid error-code override table:" + Environment.NewLine + " - " + string.Join(Environment.NewLine + " - ", errors);
    }
}
