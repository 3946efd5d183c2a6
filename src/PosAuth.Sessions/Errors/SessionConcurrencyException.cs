namespace PosAuth.Sessions;

/// <summary>
/// Another writer (another manager or process) saved the terminal's session after this one read
/// it; this operation saved nothing. Retry the operation.
/// </summary>
public sealed class SessionConcurrencyException : SessionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="expectedVersion">The version this manager read.</param>
    public SessionConcurrencyException(string terminalId, long expectedVersion)
        : base(SessionErrorCodes.ConcurrencyConflict, terminalId, $"Terminal {terminalId}: the session changed since version {expectedVersion} was read; nothing was saved.")
    {
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The version this manager read.</summary>
    public long ExpectedVersion { get; }
}
