namespace PosAuth;

/// <summary>
/// Supplies this terminal's offline-unlock key (the HKDF-derived terminal key, never the vendor master key).
/// The default reads <see cref="RecoveryOptions.OfflineUnlockKey"/>; register your own to read it from a secure
/// element, TEE or OS keystore.
/// </summary>
public interface IOfflineUnlockKeyProvider
{
    /// <summary>Returns a fresh copy of the terminal key for <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal the unlock runs on.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// The key (16 to 64 bytes), which the caller zeroes after use; or <see langword="null"/> when offline unlock is
    /// not provisioned on this terminal.
    /// </returns>
    ValueTask<byte[]?> GetTerminalKeyAsync(string terminalId, CancellationToken cancellationToken = default);
}
