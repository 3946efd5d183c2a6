
using PosAuth.Storage;
namespace PosAuth;

/// <summary>Maps the authenticator's verdict on an actor's PIN to a recovery error, or none when the actor may act.</summary>
internal static class ActorCheck
{
    /// <summary>
    /// The full check of an actor who manages someone else: the PIN verdict (<see cref="ForActor"/>), then the account
    /// read again from the store and the permission table (<see cref="ActorAuthority"/>).
    /// </summary>
    /// <returns>The actor's fresh account, or the error.</returns>
    public static async ValueTask<(OperatorAccount? Actor, RecoveryError? Error)> VerifiedActorAsync(
        AuthenticationResult auth,
        IOperatorStore store,
        IPermissionPolicy permissions,
        string actorId,
        Permission permission,
        CancellationToken cancellationToken)
    {
        if (ForActor(auth) is { } error)
        {
            return (null, error);
        }

        (OperatorAccount? account, ActorRefusal refusal) = await ActorAuthority.CheckAsync(store, permissions, actorId, auth.Role, permission, cancellationToken).ConfigureAwait(false);
        return refusal switch
        {
            ActorRefusal.None => (account, null),
            ActorRefusal.PinChangeRequired => (null, RecoveryError.Simple(RecoveryErrorKind.PinChangeRequired)),
            ActorRefusal.PermissionDenied => (null, RecoveryError.Simple(RecoveryErrorKind.InsufficientRole)),
            _ => (null, RecoveryError.Simple(RecoveryErrorKind.ActorNotAllowed)),
        };
    }

    /// <summary>For an actor who manages someone else: only a plain <see cref="AuthenticationOutcome.Succeeded"/> may act.</summary>
    public static RecoveryError? ForActor(AuthenticationResult result) => result.Outcome switch
    {
        AuthenticationOutcome.Succeeded => null,
        AuthenticationOutcome.SucceededMustChangePin => RecoveryError.Simple(RecoveryErrorKind.PinChangeRequired),
        _ => ForSelf(result),
    };

    /// <summary>For an operator changing their own PIN: a PIN that must change (temporary, reset, factory default) is accepted.</summary>
    public static RecoveryError? ForSelf(AuthenticationResult result) => result.Outcome switch
    {
        AuthenticationOutcome.Succeeded or AuthenticationOutcome.SucceededMustChangePin => null,
        AuthenticationOutcome.PinExpired => RecoveryError.Simple(RecoveryErrorKind.PinExpired),
        AuthenticationOutcome.InvalidInput => RecoveryError.Simple(RecoveryErrorKind.InvalidInput),
        _ => RecoveryError.Authentication(result),
    };
}
