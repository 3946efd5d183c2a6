using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PosAuth.Hashing;

namespace PosAuth.BackOffice.Internal;

/// <summary>
/// PosAuth.Hashing for the back office: <see cref="Pins"/> hashes temporary PINs for the lanes' replicas, and the same
/// PBKDF2 format hashes back-office passwords (their UTF-8 bytes in Unicode normalisation form C, through the format's
/// byte interface, since <see cref="IPinHasher"/> takes digits only). A password check costs the same whether the user
/// exists or not, and compares in constant time.
/// </summary>
internal sealed class BackOfficeHasher
{
    private readonly IPinHashFormat _format;
    private readonly string _dummy;

    public BackOfficeHasher(IOptions<BackOfficeOptions> options)
    {
        Pbkdf2PinHasherOptions hashing = options.Value.Hashing;
        Pins = new Pbkdf2PinHasher(hashing);
        _format = Pbkdf2PinHasher.CreateFormat(hashing);
        _dummy = HashPassword("PosAuth dummy password 0");
    }

    public IPinHasher Pins { get; }

    public string HashPassword(string password)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormC));
        try
        {
            return _format.Hash(bytes, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="storedHash"/>; with no hash (unknown user) the same work is done and the answer is false.</summary>
    public bool VerifyPassword(string? storedHash, string password)
    {
        string hash = storedHash ?? _dummy;
        byte[] bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormC));
        try
        {
            if (_format.Parse(hash, out _) != PinHashError.None)
            {
                _format.RunRemainingCost(default);
                return false;
            }

            bool match = _format.Verify(hash, bytes, out PinHashWork work);
            _format.RunRemainingCost(work);
            return match && storedHash is not null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
