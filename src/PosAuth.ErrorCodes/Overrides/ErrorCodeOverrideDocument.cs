namespace PosAuth.ErrorCodes.Overrides;

/// <summary>The root of an override JSON file: <c>{ "version": 1, "codes": [ ... ] }</c>.</summary>
internal sealed class ErrorCodeOverrideDocument
{
    /// <summary>Schema version; only 1 is defined.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The entries.</summary>
    public List<ErrorCodeOverride>? Codes { get; set; }
}
