namespace PosAuth;

/// <summary>The outcome of a supervisor authorisation request. Each has a stable snake_case code (<see cref="AuthorizationResult.Code"/>).</summary>
public enum AuthorizationOutcome
{
    /// <summary><c>granted</c>: the result carries a one-shot <see cref="AuthorizationGrant"/>.</summary>
    Granted = 0,

    /// <summary><c>not_required</c>: the requesting operator's role may perform the operation on its own.</summary>
    NotRequired = 1,

    /// <summary><c>not_authorizable</c>: the operation cannot be authorised for the requesting role at all.</summary>
    NotAuthorizable = 2,

    /// <summary><c>authentication_failed</c>: the authoriser's PIN was wrong, the authoriser unknown, disabled, or locked (see the authentication result).</summary>
    AuthenticationFailed = 3,

    /// <summary><c>insufficient_role</c>: the authoriser's PIN was right but the authoriser's stored role may not grant this operation to the requester.</summary>
    InsufficientRole = 4,

    /// <summary>
    /// <c>pin_change_required</c>: the authoriser's PIN was right but must change first (a factory-default, temporary,
    /// reset or one-time PIN grants nothing but the PIN change), or the requesting operator must change theirs
    /// (<see cref="AuthorizationResult.Authentication"/> is set only in the first case).
    /// </summary>
    PinChangeRequired = 5,

    /// <summary><c>requester_not_allowed</c>: the requesting operator does not exist or is disabled; no PIN was checked.</summary>
    RequesterNotAllowed = 6,
}
