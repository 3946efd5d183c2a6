namespace PosAuth.Sessions;

/// <summary>No session is stored for the terminal: <see cref="TerminalSessionManager.RestoreOrStartAsync"/> was not called (or the store was cleared).</summary>
public sealed class SessionNotStartedException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="terminalId">The terminal number.</param>
    public SessionNotStartedException(string terminalId)
        : base(SessionErrorCodes.NotStarted, terminalId, $"Terminal {terminalId}: no session; call RestoreOrStartAsync at power on.")
    {
    }
}
