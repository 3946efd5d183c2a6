using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace PosAuth;

/// <summary>The default <see cref="IPermissionPolicy"/>, over a frozen copy of <see cref="PermissionOptions"/>.</summary>
internal sealed class PermissionPolicy : IPermissionPolicy
{
    private readonly FrozenDictionary<OperatorRole, FrozenSet<Permission>> _grants;
    private readonly FrozenSet<Permission> _requireAuthorization;

    public PermissionPolicy(IOptions<PermissionOptions> options)
        : this(options.Value)
    {
    }

    public PermissionPolicy(PermissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grants = options.Grants.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet());
        _requireAuthorization = options.RequireSupervisorAuthorization.ToFrozenSet();
    }

    public bool IsGranted(OperatorRole role, Permission permission) =>
        _grants.TryGetValue(role, out FrozenSet<Permission>? set) && set.Contains(permission);

    public bool RequiresSupervisorAuthorization(OperatorRole role, Permission permission) =>
        !IsGranted(role, permission)
        && _requireAuthorization.Contains(permission)
        && IsGranted(OperatorRole.Supervisor, permission);

    public bool CanManage(OperatorRole actorRole, OperatorRole targetRole) => actorRole.Outranks(targetRole);
}
