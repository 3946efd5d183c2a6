using Microsoft.Extensions.Options;

namespace PosAuth;

/// <summary>The default <see cref="IOfflineUnlockKeyProvider"/>: decodes <see cref="RecoveryOptions.OfflineUnlockKey"/> (base64) on each call.</summary>
internal sealed class OptionsOfflineUnlockKeyProvider(IOptions<RecoveryOptions> options) : IOfflineUnlockKeyProvider
{
    private readonly IOptions<RecoveryOptions> _options = options ?? throw new ArgumentNullException(nameof(options));

    public ValueTask<byte[]?> GetTerminalKeyAsync(string terminalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        cancellationToken.ThrowIfCancellationRequested();
        return new(OfflineUnlockKeyProvider.TryDecode(_options.Value.OfflineUnlockKey));
    }

    internal static bool IsValid(string base64)
    {
        byte[]? key = OfflineUnlockKeyProvider.TryDecode(base64);
        if (key is null)
        {
            return false;
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        return true;
    }
}
