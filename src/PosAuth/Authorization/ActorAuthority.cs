
using PosAuth.Storage;
namespace PosAuth;

/// <summary>Why <see cref="ActorAuthority.CheckAsync"/> refused an actor.</summary>
internal enum ActorRefusal
{
    /// <summary>The actor may act.</summary>
    None = 0,

    /// <summary>The actor's account is missing, disabled, or has another role than the one claimed.</summary>
    NotAllowed = 1,

    /// <summary>The actor's PIN must change first (factory default, temporary, reset or one-time PIN).</summary>
    PinChangeRequired = 2,

    /// <summary>The permission table does not grant the operation to the actor's stored role.</summary>
    PermissionDenied = 3,
}

/// <summary>
/// The one check every management, recovery and authorisation path runs on whoever acts: the account is read again
/// from the store (an <see cref="OperatorActor"/> or an earlier sign-in proves nothing about now), and it must exist,
/// be enabled, have the role the caller believes it has, have no PIN change pending (a must-change credential grants
/// nothing but the PIN change), and its stored role must be granted the operation by the permission table.
/// </summary>
internal static class ActorAuthority
{
    /// <summary>Re-reads and checks the actor.</summary>
    /// <param name="store">The operator store.</param>
    /// <param name="permissions">The permission table.</param>
    /// <param name="actorId">The acting operator's number.</param>
    /// <param name="claimedRole">The role the caller believes the actor has, or <see langword="null"/> to take the stored one.</param>
    /// <param name="permission">The operation, or <see langword="null"/> when no permission is needed (a requesting operator).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The fresh account (when found) and the refusal, <see cref="ActorRefusal.None"/> when the actor may act.</returns>
    public static async ValueTask<(OperatorAccount? Account, ActorRefusal Refusal)> CheckAsync(
        IOperatorStore store,
        IPermissionPolicy permissions,
        string actorId,
        OperatorRole? claimedRole,
        Permission? permission,
        CancellationToken cancellationToken)
    {
        if (!OperatorIds.IsWellFormed(actorId))
        {
            return (null, ActorRefusal.NotAllowed);
        }

        OperatorAccount? account = await store.FindAsync(actorId, cancellationToken).ConfigureAwait(false);
        ActorRefusal refusal = account switch
        {
            null => ActorRefusal.NotAllowed,
            { IsDisabled: true } => ActorRefusal.NotAllowed,
            _ when claimedRole is { } role && role != account.Role => ActorRefusal.NotAllowed,
            { MustChangePin: true } => ActorRefusal.PinChangeRequired,
            _ when permission is { } p && !permissions.IsGranted(account.Role, p) => ActorRefusal.PermissionDenied,
            _ => ActorRefusal.None,
        };
        return (account, refusal);
    }
}
