namespace PosAuth.Sessions;

/// <summary>The base of every error the session manager throws on purpose. Messages never contain a PIN.</summary>
public abstract class SessionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable machine code (see <see cref="SessionErrorCodes"/>).</param>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="message">The human-readable message.</param>
    protected SessionException(string code, string terminalId, string message)
        : base(message)
    {
        Code = code;
        TerminalId = terminalId;
    }

    /// <summary>The stable machine code (see <see cref="SessionErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The terminal number.</summary>
    public string TerminalId { get; }
}
