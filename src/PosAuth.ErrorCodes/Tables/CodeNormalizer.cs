namespace PosAuth.ErrorCodes.Tables;

/// <summary>Normalises a code without allocating: trims surrounding whitespace and upper-cases ASCII letters.</summary>
internal static class CodeNormalizer
{
    /// <summary>The longest code accepted (device and transport codes are the longest).</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// Writes the normalised code into <paramref name="destination"/> (at least <see cref="MaxLength"/> long).
    /// Returns its length, or -1 when the code is empty, too long, or holds anything but ASCII letters,
    /// digits and underscores.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> code, Span<char> destination)
    {
        ReadOnlySpan<char> trimmed = code.Trim();
        if (trimmed.IsEmpty || trimmed.Length > MaxLength || trimmed.Length > destination.Length)
        {
            return -1;
        }

        for (int i = 0; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            if (c is >= 'a' and <= 'z')
            {
                c = (char)(c - ('a' - 'A'));
            }
            else if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return -1;
            }

            destination[i] = c;
        }

        return trimmed.Length;
    }

    /// <summary>Whether a normalised code has the shape its source requires.</summary>
    public static bool HasValidShape(ErrorSource source, ReadOnlySpan<char> normalized) => source switch
    {
        ErrorSource.Iso8583 or ErrorSource.UnionPay => normalized.Length == 2 && !normalized.Contains('_'),
        ErrorSource.Iso8583v1993 => normalized.Length == 3 && IsDigits(normalized),
        ErrorSource.Device or ErrorSource.Transport => normalized.Length is >= 1 and <= MaxLength,
        _ => false,
    };

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
