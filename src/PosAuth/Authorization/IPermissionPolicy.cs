namespace PosAuth;

/// <summary>Answers which role may perform which operation.</summary>
public interface IPermissionPolicy
{
    /// <summary>Whether <paramref name="role"/> may perform <paramref name="permission"/> on its own.</summary>
    /// <param name="role">The acting role.</param>
    /// <param name="permission">The operation.</param>
    /// <returns><see langword="true"/> when granted.</returns>
    bool IsGranted(OperatorRole role, Permission permission);

    /// <summary>
    /// Whether <paramref name="role"/> may perform <paramref name="permission"/> with a supervisor
    /// authorisation (it is not granted on its own, but the supervisor's role has it).
    /// </summary>
    /// <param name="role">The acting role.</param>
    /// <param name="permission">The operation.</param>
    /// <returns><see langword="true"/> when a one-shot supervisor authorisation makes it possible.</returns>
    bool RequiresSupervisorAuthorization(OperatorRole role, Permission permission);

    /// <summary>
    /// Whether an actor of <paramref name="actorRole"/> may manage (reset, unlock, disable, delete) an
    /// operator of <paramref name="targetRole"/>: only a strictly higher role may.
    /// </summary>
    /// <param name="actorRole">The acting role.</param>
    /// <param name="targetRole">The role of the operator acted upon.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    bool CanManage(OperatorRole actorRole, OperatorRole targetRole);
}
