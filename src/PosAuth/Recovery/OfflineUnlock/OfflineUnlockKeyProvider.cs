using System.Security.Cryptography;
using PosAuth.OfflineUnlock;

namespace PosAuth;

/// <summary>An <see cref="IOfflineUnlockKeyProvider"/> over one fixed terminal key held in memory, for use without DI and in tests.</summary>
public sealed class OfflineUnlockKeyProvider : IOfflineUnlockKeyProvider
{
    private readonly byte[] _key;

    /// <summary>Creates the provider with a copy of <paramref name="terminalKey"/>.</summary>
    /// <param name="terminalKey">The terminal key, 16 to 64 bytes (from <see cref="UnlockKeyDerivation.DeriveTerminalKey(ReadOnlySpan{byte}, string, int)"/>).</param>
    /// <exception cref="ArgumentException">The key is shorter than 16 or longer than 64 bytes.</exception>
    public OfflineUnlockKeyProvider(ReadOnlySpan<byte> terminalKey)
    {
        if (terminalKey.Length < UnlockKeyDerivation.MinMasterKeyLength || terminalKey.Length > UnlockKeyDerivation.MaxKeyLength)
        {
            throw new ArgumentException(
                $"The terminal key must be {UnlockKeyDerivation.MinMasterKeyLength} to {UnlockKeyDerivation.MaxKeyLength} bytes.",
                nameof(terminalKey));
        }

        _key = terminalKey.ToArray();
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetTerminalKeyAsync(string terminalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        cancellationToken.ThrowIfCancellationRequested();
        return new((byte[]?)_key.Clone());
    }

    /// <summary>Describes the provider without the key.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"OfflineUnlockKeyProvider {{ KeyLength = {_key.Length} }}";

    internal static byte[]? TryDecode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        byte[] buffer = new byte[(base64.Length * 3 / 4) + 3];
        try
        {
            if (!Convert.TryFromBase64String(base64.Trim(), buffer, out int written)
                || written < UnlockKeyDerivation.MinMasterKeyLength || written > UnlockKeyDerivation.MaxKeyLength)
            {
                return null;
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
