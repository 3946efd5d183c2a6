using Microsoft.Extensions.Options;

namespace PosAuth.Sessions;

/// <summary>The default <see cref="ITerminalSessionManagerFactory"/>, over the registered store, verifier, host exchange, options and clock.</summary>
internal sealed class TerminalSessionManagerFactory(
    ISessionStore store,
    IOperatorVerifier verifier,
    IHostSignOn hostSignOn,
    IOptions<SessionOptions> options,
    TimeProvider timeProvider) : ITerminalSessionManagerFactory
{
    public TerminalSessionManager Create(string terminalId) =>
        new(terminalId, store, verifier, hostSignOn, options, timeProvider);
}
