namespace PosAuth;

/// <summary>Input checks shared by the recovery services.</summary>
internal static class RecoveryGuard
{
    /// <summary>Whether every id is a well-formed operator or terminal number (1 to 16 ASCII letters or digits).</summary>
    public static bool AreWellFormed(params ReadOnlySpan<string?> ids)
    {
        foreach (string? id in ids)
        {
            if (id is null || !OperatorIds.IsWellFormed(id))
            {
                return false;
            }
        }

        return true;
    }
}
