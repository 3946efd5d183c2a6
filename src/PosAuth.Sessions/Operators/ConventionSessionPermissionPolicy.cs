namespace PosAuth.Sessions;

/// <summary>The UnionPay convention, used when no permission table is registered: maintenance is the administrator's.</summary>
internal sealed class ConventionSessionPermissionPolicy : ISessionPermissionPolicy
{
    public static ConventionSessionPermissionPolicy Instance { get; } = new();

    public bool IsGranted(OperatorRole role, SessionPermission permission) => permission switch
    {
        SessionPermission.Maintenance => role == OperatorRole.Administrator,
        _ => false,
    };
}
