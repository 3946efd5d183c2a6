namespace PosAuth.Sessions;

/// <summary>
/// Answers whether a role may perform a <see cref="SessionPermission"/>. The PosAuth core implements it over its
/// permission table (<c>IPermissionPolicy</c>, <c>PermissionOptions.Grants</c>); without the core the session uses the
/// UnionPay convention (maintenance: the administrator only).
/// </summary>
public interface ISessionPermissionPolicy
{
    /// <summary>Whether <paramref name="role"/> may perform <paramref name="permission"/>.</summary>
    /// <param name="role">The verified operator's role.</param>
    /// <param name="permission">The operation.</param>
    /// <returns><see langword="true"/> when granted.</returns>
    bool IsGranted(OperatorRole role, SessionPermission permission);
}
