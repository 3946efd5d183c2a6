namespace PosAuth.Hashing;

/// <summary>Hashes and verifies operator PINs.</summary>
public interface IPinHasher
{
    /// <summary>Hashes a PIN with a fresh random salt and the current parameters.</summary>
    /// <param name="pin">The PIN: 1 to <see cref="PinInput.MaxLength"/> ASCII or full-width digits.</param>
    /// <returns>A self-describing hash string to store.</returns>
    /// <exception cref="InvalidPinException">The PIN is empty, too long or contains a non-digit. The message never contains the PIN.</exception>
    string Hash(ReadOnlySpan<char> pin);

    /// <summary>Verifies a PIN against a stored hash. Never throws for a bad stored hash or bad input: those give <see cref="PinVerificationResult.Failed"/>.</summary>
    /// <param name="storedHash">The stored hash string (any supported format, legacy formats included).</param>
    /// <param name="pin">The PIN the operator entered.</param>
    /// <returns>The verification outcome.</returns>
    PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin);

    /// <summary>Describes a stored hash without any PIN: whether it is usable, why not, and whether it needs a rehash.</summary>
    /// <param name="storedHash">The stored hash string.</param>
    /// <returns>The inspection result. Never throws.</returns>
    PinHashInspection Inspect(string storedHash);
}
