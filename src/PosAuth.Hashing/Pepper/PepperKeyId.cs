namespace PosAuth.Hashing;

/// <summary>The shape of a pepper key id: 1 to 32 ASCII letters, digits, '-' or '_' (so it cannot break a hash string).</summary>
internal static class PepperKeyId
{
    public const int MaxLength = 32;

    public static bool IsWellFormed(ReadOnlySpan<char> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in keyId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
