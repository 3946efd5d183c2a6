namespace PosAuth.Sessions;

/// <summary>
/// The operator's PIN was correct but the role does not permit the operation (maintenance by a
/// non-administrator, unlock by another ordinary operator). Nothing was changed.
/// </summary>
public sealed class SessionAuthorizationException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code"><see cref="SessionErrorCodes.AdministratorRequired"/> or <see cref="SessionErrorCodes.UnlockNotPermitted"/>.</param>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="operatorId">The operator who was refused.</param>
    /// <param name="role">The operator's role.</param>
    /// <param name="trigger">The refused trigger.</param>
    public SessionAuthorizationException(string code, string terminalId, string operatorId, OperatorRole role, SessionTrigger trigger)
        : base(code, terminalId, $"Terminal {terminalId}: operator {operatorId} ({role}) may not perform {trigger} ({code}).")
    {
        OperatorId = operatorId;
        Role = role;
        Trigger = trigger;
    }

    /// <summary>The operator who was refused.</summary>
    public string OperatorId { get; }

    /// <summary>The operator's role.</summary>
    public OperatorRole Role { get; }

    /// <summary>The refused trigger.</summary>
    public SessionTrigger Trigger { get; }
}
