using PosAuth.Sessions;

namespace PosAuth;

/// <summary>Answers the session's permission questions from the permission table (<see cref="IPermissionPolicy"/>, <see cref="PermissionOptions.Grants"/>).</summary>
internal sealed class PermissionSessionPolicy(IPermissionPolicy permissions) : ISessionPermissionPolicy
{
    public bool IsGranted(OperatorRole role, SessionPermission permission) => permission switch
    {
        SessionPermission.Maintenance => permissions.IsGranted(role, Permission.Maintenance),
        _ => false,
    };
}
