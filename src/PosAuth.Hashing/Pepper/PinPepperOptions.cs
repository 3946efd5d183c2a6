namespace PosAuth.Hashing;

/// <summary>Pepper keys for <see cref="OptionsPinPepperProvider"/>. Keep them out of the database (environment, OS keystore, secrets store).</summary>
public sealed class PinPepperOptions
{
    /// <summary>The id of the key for new hashes; must be one of <see cref="Keys"/>. Default: empty (invalid; must be set).</summary>
    public string CurrentKeyId { get; set; } = string.Empty;

    /// <summary>Every key that may still be in use, by id, each base64-encoded and at least 16 bytes (32 recommended). Default: empty.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
