namespace PosAuth.Sessions;

/// <summary>A session operation whose permission comes from the permission table (<see cref="ISessionPermissionPolicy"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Public API; a permission of a POS role is the domain word (权限), not a .NET code-access permission type.")]
public enum SessionPermission
{
    /// <summary>Entering and leaving maintenance mode (系统维护). Default: the administrator (99) only.</summary>
    Maintenance = 0,
}
