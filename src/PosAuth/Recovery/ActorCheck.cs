using PosAuth.Authentication;

namespace PosAuth.Recovery;

/// <summary>Maps the authenticator's verdict on an actor's PIN to a recovery error, or none when the actor may act.</summary>
internal static class ActorCheck
{
    /// <summary>For an actor who manages someone else: only a plain <see cref="AuthenticationOutcome.Succeeded"/> may act.</summary>
    public static RecoveryError? ForActor(AuthenticationResult result) => result.Outcome switch
    {
        AuthenticationOutcome.Succeeded => null,
        AuthenticationOutcome.SucceededMustChangePin => RecoveryError.Simple(RecoveryErrorCode.ActorMustChangePin),
        _ => ForSelf(result),
    };

    /// <summary>For an operator changing their own PIN: a PIN that must change (temporary, reset, factory default) is accepted.</summary>
    public static RecoveryError? ForSelf(AuthenticationResult result) => result.Outcome switch
    {
        AuthenticationOutcome.Succeeded or AuthenticationOutcome.SucceededMustChangePin => null,
        AuthenticationOutcome.PinExpired => RecoveryError.Simple(RecoveryErrorCode.PinExpired),
        AuthenticationOutcome.InvalidInput => RecoveryError.Simple(RecoveryErrorCode.InvalidInput),
        _ => RecoveryError.Authentication(result),
    };
}
