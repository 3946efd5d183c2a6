namespace PosAuth.Authorization;

/// <summary>The outcome of a supervisor authorisation request. The names are stable machine codes.</summary>
public enum AuthorizationOutcome
{
    /// <summary>Granted: the result carries a one-shot <see cref="AuthorizationGrant"/>.</summary>
    Granted = 0,

    /// <summary>The requesting role may perform the operation on its own: no authorisation is needed.</summary>
    NotRequired = 1,

    /// <summary>The operation cannot be authorised for the requesting role at all.</summary>
    NotAuthorizable = 2,

    /// <summary>The authoriser's PIN was wrong, the authoriser unknown, or locked (see the authentication result).</summary>
    AuthenticationFailed = 3,

    /// <summary>The authoriser's PIN was right but the authoriser's role may not grant this operation.</summary>
    InsufficientRole = 4,
}
