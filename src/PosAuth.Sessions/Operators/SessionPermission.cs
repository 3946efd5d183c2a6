namespace PosAuth.Sessions;

/// <summary>A session operation whose permission comes from the permission table (<see cref="ISessionPermissionPolicy"/>).</summary>
public enum SessionPermission
{
    /// <summary>Entering and leaving maintenance mode (系统维护). Default: the administrator (99) only.</summary>
    Maintenance = 0,
}
