namespace PosAuth.Hashing;

/// <summary>
/// Validation and normalisation of raw PIN input, before any KDF work: full-width digits
/// (U+FF10-U+FF19, typed by Chinese IMEs) become ASCII digits; empty, over-long or non-digit input is rejected.
/// </summary>
public static class PinInput
{
    /// <summary>The longest input accepted, in characters: 64.</summary>
    public const int MaxLength = 64;

    /// <summary>Validates <paramref name="input"/> and writes its ASCII-digit form to <paramref name="destination"/>.</summary>
    /// <param name="input">The raw input.</param>
    /// <param name="destination">Receives the normalised digits; needs <c>input.Length</c> characters.</param>
    /// <param name="written">The number of characters written (0 on failure).</param>
    /// <param name="error">Why the input was rejected, or <see cref="PinInputError.None"/>.</param>
    /// <returns><see langword="true"/> when the input is a valid PIN.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than a valid <paramref name="input"/>.</exception>
    public static bool TryNormalize(ReadOnlySpan<char> input, Span<char> destination, out int written, out PinInputError error)
    {
        written = 0;
        if (input.IsEmpty)
        {
            error = PinInputError.Empty;
            return false;
        }

        // Length first: a 1 MB "PIN" is rejected in O(1), without scanning it.
        if (input.Length > MaxLength)
        {
            error = PinInputError.TooLong;
            return false;
        }

        if (destination.Length < input.Length)
        {
            throw new ArgumentException("The destination is shorter than the input.", nameof(destination));
        }

        for (int i = 0; i < input.Length; i++)
        {
            char c = input[i];
            if (char.IsAsciiDigit(c))
            {
                destination[i] = c;
            }
            else if (c >= '\uFF10' && c <= '\uFF19')
            {
                destination[i] = (char)('0' + (c - '\uFF10'));
            }
            else
            {
                destination[..i].Clear();
                error = PinInputError.NonDigit;
                return false;
            }
        }

        written = input.Length;
        error = PinInputError.None;
        return true;
    }

    /// <summary>Validates <paramref name="input"/> without normalising it.</summary>
    /// <param name="input">The raw input.</param>
    /// <returns>Why the input is rejected, or <see cref="PinInputError.None"/>.</returns>
    public static PinInputError Validate(ReadOnlySpan<char> input)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        bool ok = TryNormalize(input, buffer, out _, out PinInputError error);
        buffer.Clear();
        return ok ? PinInputError.None : error;
    }
}
