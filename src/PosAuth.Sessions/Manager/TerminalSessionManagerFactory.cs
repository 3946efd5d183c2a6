using Microsoft.Extensions.Options;

namespace PosAuth.Sessions;

/// <summary>The default <see cref="ITerminalSessionManagerFactory"/>, over the registered store, operator services, host exchange, options, clock and transition sinks.</summary>
internal sealed class TerminalSessionManagerFactory(
    ISessionStore store,
    IOperatorVerifier verifier,
    IOperatorPinChanger pinChanger,
    IHostSignOn hostSignOn,
    IOptions<SessionOptions> options,
    TimeProvider timeProvider,
    ISessionPermissionPolicy permissions,
    IEnumerable<ISessionTransitionSink> transitionSinks) : ITerminalSessionManagerFactory
{
    private readonly ISessionTransitionSink[] _sinks = [.. transitionSinks];

    public TerminalSessionManager Create(string terminalId) =>
        new(terminalId, store, verifier, pinChanger, hostSignOn, options, timeProvider, permissions, _sinks);
}
