using PosAuth.Authentication;

namespace PosAuth.Authorization;

/// <summary>The result of <see cref="ISupervisorAuthorizer.AuthorizeAsync"/>.</summary>
public sealed record AuthorizationResult
{
    /// <summary>The outcome.</summary>
    public required AuthorizationOutcome Outcome { get; init; }

    /// <summary>The one-shot grant, for <see cref="AuthorizationOutcome.Granted"/>.</summary>
    public AuthorizationGrant? Grant { get; init; }

    /// <summary>The authoriser's sign-in result (remaining attempts, lock), when a PIN was checked.</summary>
    public AuthenticationResult? Authentication { get; init; }

    /// <summary>The stable machine code of <see cref="Outcome"/>.</summary>
    public string Code => Outcome.ToString();
}
