namespace PosAuth.ErrorCodes;

/// <summary>
/// Acquirer overrides for <see cref="ErrorCodeClassifier"/>. Entries from <see cref="Overrides"/> and from
/// <see cref="OverrideFilePath"/> are combined; the same source and code defined twice is an error.
/// </summary>
public sealed class ErrorCodeOptions
{
    /// <summary>Entries that replace or add codes. Default: empty (built-in tables only).</summary>
    public IList<ErrorCodeOverride> Overrides { get; } = new List<ErrorCodeOverride>();

    /// <summary>
    /// Path of a JSON override file (schema in the package README), read once when the classifier is built.
    /// Default: <see langword="null"/> (no file).
    /// </summary>
    public string? OverrideFilePath { get; set; }
}
