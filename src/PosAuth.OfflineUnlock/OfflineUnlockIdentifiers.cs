using System.Diagnostics.CodeAnalysis;

namespace PosAuth.OfflineUnlock;

/// <summary>
/// The rules for the values the offline unlock scheme binds, shares by QR code and reads over the phone: the same
/// checks every constructor and calculator of this package applies, for a back-office form (or the <c>posauth</c>
/// tool) that wants to say what is wrong before computing anything.
/// </summary>
public static class OfflineUnlockIdentifiers
{
    /// <summary>Longest terminal or operator id: 16, as everywhere in PosAuth (<c>PosAuth.OperatorIds.MaxLength</c>).</summary>
    public const int MaxIdLength = 16;

    /// <summary>Longest terminal serial: 64.</summary>
    public const int MaxSerialLength = 64;

    /// <summary>
    /// Terminal and operator ids: PosAuth's one identifier rule (<c>PosAuth.OperatorIds.IsWellFormed</c>), 1 to 16 ASCII
    /// letters or digits, so an offline unlock is never computed for an id the terminal would refuse. No ':' (the QR
    /// payload separator), no spaces, no look-alike Unicode: what the terminal shows is exactly what the back office types.
    /// </summary>
    /// <remarks>
    /// A copy of that rule, not a call to it: this package references the base class library only, so a back office can
    /// take it alone. A property test (<c>OfflineUnlockIdentifiersTests.IsValidId_IsPosAuthsOneIdentifierRule</c>) holds
    /// the two equal for every input.
    /// </remarks>
    /// <param name="id">The id.</param>
    /// <returns>Whether it is a valid terminal or operator id.</returns>
    public static bool IsValidId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Terminal serials: 1 to 64 printable ASCII characters without spaces, used exactly as given (case-sensitive).</summary>
    /// <param name="serial">The serial.</param>
    /// <returns>Whether it is a valid terminal serial.</returns>
    public static bool IsValidSerial([NotNullWhen(true)] string? serial)
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
    /// <param name="challenge">The challenge, without grouping spaces or dashes.</param>
    /// <returns>Whether it is a valid challenge.</returns>
    public static bool IsValidChallenge([NotNullWhen(true)] string? challenge)
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

    internal static void ThrowIfInvalidId(string? id, string paramName)
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        if (!IsValidId(id))
        {
            throw new ArgumentException(
                $"The id must be 1 to {MaxIdLength} ASCII letters or digits.", paramName);
        }
    }

    internal static void ThrowIfInvalidChallenge(string? challenge, string paramName)
    {
        ArgumentNullException.ThrowIfNull(challenge, paramName);
        if (!IsValidChallenge(challenge))
        {
            throw new ArgumentException(
                $"The challenge must be {OfflineUnlockChallenge.MinDigits} to {OfflineUnlockChallenge.MaxDigits} ASCII digits.", paramName);
        }
    }
}
