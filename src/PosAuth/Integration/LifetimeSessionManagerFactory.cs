using Microsoft.Extensions.Options;
using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// The session factory the core registers: the sessions package's, except that each manager reads the wall clock
/// through the <see cref="LifetimeTimeProvider"/>, so session age and the day cut-over never run back while the process
/// runs, even for a manager that restores a session another manager signed in (a backward clock jump cannot stretch
/// a session past its maximum age). Timers and the idle clock are the inner provider's, unchanged.
/// </summary>
internal sealed class LifetimeSessionManagerFactory(
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
    private readonly LifetimeTimeProvider _lifetimes = new(timeProvider);

    public TerminalSessionManager Create(string terminalId) =>
        new(terminalId, store, verifier, pinChanger, hostSignOn, options, _lifetimes, permissions, _sinks);
}
