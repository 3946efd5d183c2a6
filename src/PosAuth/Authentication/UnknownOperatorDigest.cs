using System.Security.Cryptography;
using System.Text;
using PosAuth.Hashing;
using PosAuth.Storage;

namespace PosAuth;

/// <summary>
/// What stands for an operator number nobody has, wherever PosAuth must keep one (attempt records, audit): a keyed
/// digest, never the number itself, because a cashier who types the PIN into the operator-number field must not find it
/// written down in clear. The key is derived from the pepper when one is configured (so it lives outside the database),
/// otherwise it is the installation's own random secret from <see cref="IInstallationSecretStore"/>.
/// </summary>
/// <remarks>
/// The same number always gives the same digest on one installation, so an unknown number's attempts are counted
/// and locked exactly like a known one's (no enumeration by lockout arithmetic). The digest is 128 bits of
/// HMAC-SHA256, written as <c>?</c> followed by 32 lowercase hex digits: <c>?</c> is not allowed in an operator
/// number, so a digest can never collide with one.
/// </remarks>
internal sealed class UnknownOperatorDigest
{
    /// <summary>The first character of every digest; never part of a well-formed operator number.</summary>
    public const char Prefix = '?';

    private const int DigestBytes = 16;
    private static readonly byte[] PepperLabel = "PosAuth unknown-operator digest v1"u8.ToArray();

    private readonly IInstallationSecretStore? _secrets;
    private readonly IPinPepperProvider? _pepper;
    private byte[]? _key;

    public UnknownOperatorDigest(IInstallationSecretStore? secrets, IPinPepperProvider? pepper)
    {
        _secrets = secrets;
        _pepper = pepper;
    }

    /// <summary>The digest of <paramref name="operatorId"/> when the key is already known, without waiting.</summary>
    public bool TryCompute(string operatorId, out string digest)
    {
        byte[]? key = Volatile.Read(ref _key);
        if (key is null)
        {
            digest = "";
            return false;
        }

        digest = Compute(key, operatorId);
        return true;
    }

    /// <summary>The digest of <paramref name="operatorId"/>, loading (or creating) the key on first use.</summary>
    public async ValueTask<string> ComputeAsync(string operatorId, CancellationToken cancellationToken)
    {
        byte[] key = Volatile.Read(ref _key) ?? await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        return Compute(key, operatorId);
    }

    private async ValueTask<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        byte[] key;
        if (_pepper is not null && _pepper.TryGetKey(_pepper.CurrentKeyId, out ReadOnlyMemory<byte> pepperKey))
        {
            // A separate key for a separate purpose: never the pepper key itself.
            key = HMACSHA256.HashData(pepperKey.Span, PepperLabel);
        }
        else if (_secrets is not null)
        {
            ReadOnlyMemory<byte> secret = await _secrets.GetOrCreateAsync(InstallationSecretNames.UnknownOperatorDigest, 32, cancellationToken).ConfigureAwait(false);
            key = secret.ToArray();
        }
        else
        {
            // Constructed by hand without a secret store: a key for this process only.
            key = RandomNumberGenerator.GetBytes(32);
        }

        return Interlocked.CompareExchange(ref _key, key, null) ?? key;
    }

    private static string Compute(byte[] key, string operatorId)
    {
        Span<byte> id = stackalloc byte[OperatorIds.MaxLength * 3];
        int length = Encoding.UTF8.GetBytes(operatorId, id);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, id[..length], mac);
        return Prefix + Convert.ToHexStringLower(mac[..DigestBytes]);
    }
}
