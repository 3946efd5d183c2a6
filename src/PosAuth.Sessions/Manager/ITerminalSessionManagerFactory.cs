namespace PosAuth.Sessions;

/// <summary>Creates a <see cref="TerminalSessionManager"/> per terminal from the registered services.</summary>
public interface ITerminalSessionManagerFactory
{
    /// <summary>Creates the manager of <paramref name="terminalId"/>; the caller owns (and disposes) it.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <returns>A new manager; call <see cref="TerminalSessionManager.RestoreOrStartAsync"/> next.</returns>
    TerminalSessionManager Create(string terminalId);
}
