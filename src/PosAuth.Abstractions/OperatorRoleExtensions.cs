namespace PosAuth;

/// <summary>Comparisons between <see cref="OperatorRole"/> values.</summary>
public static class OperatorRoleExtensions
{
    /// <summary>Whether <paramref name="role"/> strictly outranks <paramref name="other"/>.</summary>
    /// <param name="role">The acting role.</param>
    /// <param name="other">The role acted upon.</param>
    /// <returns><see langword="true"/> when <paramref name="role"/> is higher.</returns>
    public static bool Outranks(this OperatorRole role, OperatorRole other) => role > other;

    /// <summary>Whether <paramref name="role"/> is at least as high as <paramref name="other"/>.</summary>
    /// <param name="role">The acting role.</param>
    /// <param name="other">The role compared with.</param>
    /// <returns><see langword="true"/> when <paramref name="role"/> is equal or higher.</returns>
    public static bool IsAtLeast(this OperatorRole role, OperatorRole other) => role >= other;
}
