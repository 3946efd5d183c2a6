using Microsoft.Extensions.Options;

namespace PosAuth.Hashing;

/// <summary>An <see cref="IPinPepperProvider"/> whose base64 keys come from <see cref="PinPepperOptions"/> (decoded once, looked up without allocation).</summary>
public sealed class OptionsPinPepperProvider : IPinPepperProvider
{
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _keys;
    private readonly Dictionary<string, ReadOnlyMemory<byte>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates the provider from options (DI constructor).</summary>
    /// <param name="options">The pepper options.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OptionsPinPepperProvider(IOptions<PinPepperOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Creates the provider from options.</summary>
    /// <param name="options">The pepper options.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OptionsPinPepperProvider(PinPepperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = PinPepperOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(string.Empty, typeof(PinPepperOptions), errors);
        }

        _keys = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in options.Keys)
        {
            _keys[pair.Key] = PinPepperOptionsValidator.TryDecode(pair.Value)!;
        }

        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        CurrentKeyId = options.CurrentKeyId;
    }

    /// <inheritdoc />
    public string CurrentKeyId { get; }

    /// <inheritdoc />
    public bool TryGetKey(ReadOnlySpan<char> keyId, out ReadOnlyMemory<byte> key) => _lookup.TryGetValue(keyId, out key);
}
