namespace PosAuth.Sessions;

/// <summary>The stable machine codes carried by <see cref="SessionException.Code"/>.</summary>
public static class SessionErrorCodes
{
    /// <summary>The trigger is not allowed in the current state (<see cref="InvalidSessionTransitionException"/>).</summary>
    public const string InvalidTransition = "session.invalid_transition";

    /// <summary>Only the administrator may enter or leave maintenance mode.</summary>
    public const string AdministratorRequired = "session.administrator_required";

    /// <summary>Only the locked-out operator, or a supervisor or administrator ranking at least as high, may unlock.</summary>
    public const string UnlockNotPermitted = "session.unlock_not_permitted";

    /// <summary>Another writer changed the stored session first (<see cref="SessionConcurrencyException"/>).</summary>
    public const string ConcurrencyConflict = "session.concurrency_conflict";

    /// <summary>No session is stored for the terminal: call <see cref="TerminalSessionManager.RestoreOrStartAsync"/> first.</summary>
    public const string NotStarted = "session.not_started";
}
