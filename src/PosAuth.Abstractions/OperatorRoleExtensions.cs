namespace PosAuth;

/// <summary>Comparisons between <see cref="OperatorRole"/> values, and their stable codes.</summary>
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

    /// <summary>
    /// The role's stable snake_case code, as audit records, metrics and spans carry it: <c>operator</c>,
    /// <c>supervisor</c> or <c>administrator</c> (no allocation, unlike <see cref="Enum.ToString()"/>).
    /// </summary>
    /// <param name="role">The role.</param>
    /// <returns>Its code; <c>unknown</c> for a value outside the enumeration.</returns>
    public static string ToCode(this OperatorRole role) => role switch
    {
        OperatorRole.Operator => "operator",
        OperatorRole.Supervisor => "supervisor",
        OperatorRole.Administrator => "administrator",
        _ => "unknown",
    };
}
