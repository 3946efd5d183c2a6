using System.Security.Cryptography;
using PosAuth.Cli.Commands;
using PosAuth.Hashing;

namespace PosAuth.Cli.Input;

/// <summary>One pepper key, read from a file or the environment for one run, zeroed on dispose.</summary>
internal sealed class CliPepperProvider : IPinPepperProvider, IDisposable
{
    /// <summary>The shortest pepper key accepted, in bytes (as <see cref="PinPepperOptions"/>): 16.</summary>
    public const int MinKeyBytes = 16;

    private readonly byte[] _key;

    private CliPepperProvider(string keyId, byte[] key)
    {
        CurrentKeyId = keyId;
        _key = key;
    }

    public string CurrentKeyId { get; }

    public bool TryGetKey(ReadOnlySpan<char> keyId, out ReadOnlyMemory<byte> key)
    {
        key = keyId.SequenceEqual(CurrentKeyId) ? _key : ReadOnlyMemory<byte>.Empty;
        return !key.IsEmpty;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Whether a key id has the shape the hash format allows: 1 to 32 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsWellFormedKeyId(string keyId) =>
        keyId.Length is > 0 and <= 32 && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Reads the pepper key (base64) for <paramref name="keyId"/>; writes the message and returns false when it cannot.</summary>
    public static bool TryLoad(CliContext context, CliArguments arguments, string keyId, out CliPepperProvider? provider)
    {
        provider = null;
        if (!IsWellFormedKeyId(keyId))
        {
            context.Fail("--pepper-key-id must be 1 to 32 ASCII letters, digits, '-' or '_'.");
            return false;
        }

        if (!context.TryReadSecret(arguments, SecretOption.PepperKey, stdinAllowed: false, required: true, out SecretText? text))
        {
            return false;
        }

        using (text)
        {
            byte[] buffer = new byte[text!.Length];
            if (!Convert.TryFromBase64Chars(text.Span, buffer, out int written) || written < MinKeyBytes)
            {
                CryptographicOperations.ZeroMemory(buffer);
                context.Fail($"the pepper key must be base64 of at least {MinKeyBytes} bytes (as in PinPepperOptions.Keys), nothing else on the line.");
                return false;
            }

            byte[] key = buffer.AsSpan(0, written).ToArray();
            CryptographicOperations.ZeroMemory(buffer);
            provider = new CliPepperProvider(keyId, key);
            return true;
        }
    }
}
