using PosAuth.ErrorCodes.Overrides;
using PosAuth.ErrorCodes.Tables;

namespace PosAuth.ErrorCodes;

/// <summary>
/// The default <see cref="IErrorCodeClassifier"/>: built-in ISO 8583:1987, UnionPay, ISO 8583:1993, device and
/// transport tables, plus acquirer overrides. Tables are frozen once at construction (the built-in set is
/// shared by every instance without overrides); classifying a known code allocates nothing. Thread-safe.
/// </summary>
public sealed class ErrorCodeClassifier : IErrorCodeClassifier
{
    private readonly CodeTables _tables;

    /// <summary>Creates a classifier with the built-in tables only.</summary>
    public ErrorCodeClassifier()
    {
        _tables = CodeTables.BuiltIn;
    }

    /// <summary>Creates a classifier with acquirer overrides.</summary>
    /// <param name="options">The overrides (entries and/or a JSON file).</param>
    /// <exception cref="ErrorCodeOverrideException">An entry or the file is invalid; every problem is listed.</exception>
    public ErrorCodeClassifier(ErrorCodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Overrides.Count == 0 && options.OverrideFilePath is null)
        {
            _tables = CodeTables.BuiltIn;
            return;
        }

        List<string> errors = [];
        List<ErrorCodeOverride> overrides = ErrorCodeOptionsValidator.Collect(options, errors);
        if (errors.Count > 0)
        {
            throw new ErrorCodeOverrideException(errors);
        }

        _tables = CodeTables.Build(overrides);
    }

    /// <inheritdoc/>
    public ErrorClassification Classify(ErrorSource source, string? code) =>
        code is null ? UnknownFor(source) : Classify(source, code.AsSpan());

    /// <summary>
    /// Classifies a code given as characters (for example straight from a parsed message buffer) without
    /// allocating for known codes. Never throws for any code value.
    /// </summary>
    /// <param name="source">The table to use.</param>
    /// <param name="code">The code as received.</param>
    /// <returns>The classification; for known codes a shared, pre-built instance.</returns>
    public ErrorClassification Classify(ErrorSource source, ReadOnlySpan<char> code)
    {
        if ((uint)source >= (uint)_tables.Unknown.Length)
        {
            return UnknownFor(source);
        }

        Span<char> buffer = stackalloc char[CodeNormalizer.MaxLength];
        int length = CodeNormalizer.Normalize(code, buffer);
        if (length < 0)
        {
            // Missing or malformed (too long, control or non-ASCII characters): never echoed back.
            return _tables.Unknown[(int)source];
        }

        ReadOnlySpan<char> normalized = buffer[..length];
        if (_tables.Lookups[(int)source].TryGetValue(normalized, out ErrorClassification? known))
        {
            return known;
        }

        // Well-formed but unknown: the normalised code is echoed (this is the only allocating path).
        return _tables.Unknown[(int)source].WithCode(normalized.ToString());
    }

    /// <summary>Every code this classifier knows for a source (built-in and overrides; UnionPay includes its ISO 8583 fallback), sorted by code.</summary>
    /// <param name="source">The source.</param>
    /// <returns>The classifications.</returns>
    public IReadOnlyList<ErrorClassification> GetKnownCodes(ErrorSource source) =>
        (uint)source < (uint)_tables.Sorted.Length ? _tables.Sorted[(int)source] : [];

    private ErrorClassification UnknownFor(ErrorSource source) =>
        (uint)source < (uint)_tables.Unknown.Length
            ? _tables.Unknown[(int)source]
            : CodeTables.CreateUnknown(source, _tables.Unknown[0].MessageZh, _tables.Unknown[0].MessageEn);
}
