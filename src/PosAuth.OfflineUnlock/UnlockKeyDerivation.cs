using System.Security.Cryptography;
using System.Text;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// Derives a terminal's offline-unlock key from the vendor master key and the terminal serial, with HKDF-SHA256
/// (RFC 5869, <see cref="HKDF"/>). The vendor provisions only the derived key on the terminal; the back office
/// keeps the master key and derives the same key when it computes a response. A terminal key that leaks unlocks
/// that terminal only.
/// </summary>
/// <remarks>
/// Fixed parameters (changing any of them changes every key; a new scheme gets a new version string):
/// <list type="bullet">
/// <item>IKM = the vendor master key (at least <see cref="MinMasterKeyLength"/> bytes of CSPRNG output);</item>
/// <item>salt = the UTF-8 bytes of <see cref="Salt"/> (<c>PosAuth.OfflineUnlock.Salt.v1</c>): public, fixed, for domain separation;</item>
/// <item>info = the UTF-8 bytes of <see cref="InfoPrefix"/> followed by the serial
/// (<c>PosAuth offline unlock v1|</c> + serial), the serial used exactly as given: case-sensitive, not trimmed;</item>
/// <item>L = the requested key length, 32 bytes by default (the HMAC-SHA256 block of the OCRA suite takes any length).</item>
/// </list>
/// </remarks>
public static class UnlockKeyDerivation
{
    /// <summary>The HKDF salt, as text (UTF-8).</summary>
    public const string Salt = "PosAuth.OfflineUnlock.Salt.v1";

    /// <summary>The HKDF info prefix, as text (UTF-8); the serial follows it.</summary>
    public const string InfoPrefix = "PosAuth offline unlock v1|";

    /// <summary>The default terminal key length in bytes: 32.</summary>
    public const int DefaultKeyLength = 32;

    /// <summary>The shortest accepted master key and derived key, in bytes: 16.</summary>
    public const int MinMasterKeyLength = 16;

    /// <summary>The longest derived key, in bytes: 64.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>Derives the terminal key for <paramref name="terminalSerial"/>.</summary>
    /// <param name="vendorMasterKey">The vendor master key, at least 16 bytes.</param>
    /// <param name="terminalSerial">The terminal serial: 1 to 64 printable ASCII characters, no spaces.</param>
    /// <param name="keyLength">The key length in bytes, 16 to 64; default 32.</param>
    /// <returns>The terminal key. The caller owns it and should zero it after use (<see cref="CryptographicOperations.ZeroMemory"/>).</returns>
    /// <exception cref="ArgumentException">The master key is too short or the serial is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keyLength"/> is outside 16 to 64.</exception>
    public static byte[] DeriveTerminalKey(ReadOnlySpan<byte> vendorMasterKey, string terminalSerial, int keyLength = DefaultKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyLength, MinMasterKeyLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyLength, MaxKeyLength);
        byte[] key = new byte[keyLength];
        DeriveTerminalKey(vendorMasterKey, terminalSerial, key);
        return key;
    }

    /// <summary>Derives the terminal key for <paramref name="terminalSerial"/> into <paramref name="destination"/> (no allocation of the key).</summary>
    /// <param name="vendorMasterKey">The vendor master key, at least 16 bytes.</param>
    /// <param name="terminalSerial">The terminal serial: 1 to 64 printable ASCII characters, no spaces.</param>
    /// <param name="destination">Receives the key; its length (16 to 64) is the key length.</param>
    /// <exception cref="ArgumentException">The master key is too short, the serial is not valid, or the destination length is outside 16 to 64.</exception>
    public static void DeriveTerminalKey(ReadOnlySpan<byte> vendorMasterKey, string terminalSerial, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(terminalSerial);
        if (vendorMasterKey.Length < MinMasterKeyLength)
        {
            throw new ArgumentException($"The vendor master key must be at least {MinMasterKeyLength} bytes.", nameof(vendorMasterKey));
        }

        if (!OfflineUnlockIdentifiers.IsValidSerial(terminalSerial))
        {
            throw new ArgumentException(
                $"The terminal serial must be 1 to {OfflineUnlockIdentifiers.MaxSerialLength} printable ASCII characters without spaces.",
                nameof(terminalSerial));
        }

        if (destination.Length < MinMasterKeyLength || destination.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The key length must be {MinMasterKeyLength} to {MaxKeyLength} bytes.", nameof(destination));
        }

        Span<byte> salt = stackalloc byte[Salt.Length];
        Encoding.ASCII.GetBytes(Salt, salt);
        Span<byte> info = stackalloc byte[InfoPrefix.Length + terminalSerial.Length];
        Encoding.ASCII.GetBytes(InfoPrefix, info);
        Encoding.ASCII.GetBytes(terminalSerial, info[InfoPrefix.Length..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, vendorMasterKey, destination, salt, info);
    }
}
