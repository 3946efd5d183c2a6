namespace PosAuth.Recovery.OfflineUnlock;

/// <summary>Validation of the values the offline unlock scheme binds, shares by QR code and reads over the phone.</summary>
internal static class OfflineUnlockIdentifiers
{
    /// <summary>Longest terminal or operator id.</summary>
    public const int MaxIdLength = 32;

    /// <summary>Longest terminal serial.</summary>
    public const int MaxSerialLength = 64;

    /// <summary>
    /// Terminal and operator ids: 1 to 32 ASCII letters, digits, '.', '_' or '-'. No ':' (the QR payload separator),
    /// no spaces, no look-alike Unicode: what the terminal shows is exactly what the back office types.
    /// </summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Terminal serials: 1 to 64 printable ASCII characters without spaces, used exactly as given (case-sensitive).</summary>
    public static bool IsValidSerial(string? serial)
    {
        if (string.IsNullOrEmpty(serial) || serial.Length > MaxSerialLength)
        {
            return false;
        }

        foreach (char c in serial)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Challenges: <see cref="OfflineUnlockChallenge.MinDigits"/> to <see cref="OfflineUnlockChallenge.MaxDigits"/> ASCII digits.</summary>
    public static bool IsValidChallenge(string? challenge)
    {
        if (challenge is null || challenge.Length < OfflineUnlockChallenge.MinDigits || challenge.Length > OfflineUnlockChallenge.MaxDigits)
        {
            return false;
        }

        foreach (char c in challenge)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static void ThrowIfInvalidId(string? id, string paramName)
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        if (!IsValidId(id))
        {
            throw new ArgumentException(
                $"The id must be 1 to {MaxIdLength} ASCII letters, digits, '.', '_' or '-'.", paramName);
        }
    }

    public static void ThrowIfInvalidChallenge(string? challenge, string paramName)
    {
        ArgumentNullException.ThrowIfNull(challenge, paramName);
        if (!IsValidChallenge(challenge))
        {
            throw new ArgumentException(
                $"The challenge must be {OfflineUnlockChallenge.MinDigits} to {OfflineUnlockChallenge.MaxDigits} ASCII digits.", paramName);
        }
    }
}
