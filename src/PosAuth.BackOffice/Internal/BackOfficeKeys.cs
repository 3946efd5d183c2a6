using System.Security.Cryptography;
using System.Text;

namespace PosAuth.BackOffice.Internal;

/// <summary>
/// Every key of the back office, derived from <see cref="BackOfficeOptions.Secret"/> with HKDF-SHA256 (RFC 5869): the
/// database stores none of them. A lane's key is <c>HKDF(secret, salt "PosAuth.BackOffice.v1", info "terminal-key|" id
/// "|" generation)</c>: re-registering a lane bumps the generation, which retires the old key.
/// </summary>
internal sealed class BackOfficeKeys
{
    private static readonly byte[] Salt = "PosAuth.BackOffice.v1"u8.ToArray();
    private readonly byte[] _secret;

    public BackOfficeKeys(byte[] secret)
    {
        _secret = (byte[])secret.Clone();
        AuditChainKey = Derive("audit-chain", 32);
        TotpSealKey = Derive("totp-seal", 32);
        DigestKey = Derive("unknown-user-digest", 32);
    }

    public byte[] AuditChainKey { get; }

    public byte[] TotpSealKey { get; }

    public byte[] DigestKey { get; }

    public byte[] TerminalKey(string terminalId, int generation) => Derive($"terminal-key|{terminalId}|{generation}", 32);

    /// <summary>Seals a TOTP secret: nonce (12) || ciphertext || tag (16), AES-256-GCM, the user id as associated data.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string userId)
    {
        byte[] output = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(TotpSealKey, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), Encoding.UTF8.GetBytes(userId));
        return output;
    }

    /// <summary>Opens a sealed secret; <see langword="null"/> when it was altered or sealed for another user.</summary>
    public byte[]? Open(byte[] sealedSecret, string userId)
    {
        if (sealedSecret.Length < 12 + 16)
        {
            return null;
        }

        byte[] plaintext = new byte[sealedSecret.Length - 28];
        try
        {
            using var aes = new AesGcm(TotpSealKey, 16);
            aes.Decrypt(sealedSecret.AsSpan(0, 12), sealedSecret.AsSpan(12, plaintext.Length), sealedSecret.AsSpan(12 + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(userId));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return null;
        }
    }

    /// <summary>A keyed digest of a user name nobody has: charged and audited instead of the name (which may be a password typed in the wrong field).</summary>
    public string UnknownDigest(string userId) =>
        "?" + Convert.ToHexStringLower(HMACSHA256.HashData(DigestKey, Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));

    private byte[] Derive(string info, int length) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, length, Salt, Encoding.UTF8.GetBytes(info));
}
