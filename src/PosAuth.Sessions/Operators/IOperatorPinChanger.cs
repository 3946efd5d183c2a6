namespace PosAuth.Sessions;

/// <summary>
/// Changes the signed-in operator's PIN for <see cref="TerminalSessionManager.ChangePinAsync"/>, so that the session
/// knows when a required change succeeded. The PosAuth core implements it over its PIN recovery service (the current
/// PIN counts towards lockout, the new one goes through the PIN policy); the sessions package does not reference the core.
/// </summary>
public interface IOperatorPinChanger
{
    /// <summary>Changes <paramref name="operatorId"/>'s PIN from <paramref name="currentPin"/> to <paramref name="newPin"/>.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="operatorId">The signed-in operator's number.</param>
    /// <param name="currentPin">The current PIN (it may be one that must change); never stored, logged or copied.</param>
    /// <param name="newPin">The new PIN; never logged or copied, stored only as a hash.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The outcome; a refused change is a result, not an exception.</returns>
    ValueTask<OperatorPinChangeResult> ChangePinAsync(string terminalId, string operatorId, ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken);
}
