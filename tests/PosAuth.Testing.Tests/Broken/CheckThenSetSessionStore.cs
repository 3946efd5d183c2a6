using System.Collections.Concurrent;
using PosAuth.Sessions;

namespace PosAuth.Testing.Tests.Broken;

/// <summary>
/// BROKEN on purpose: <see cref="TrySaveAsync"/> is a synchronous check-then-set (no <c>await</c> in the gap), as
/// <see cref="CheckThenSetAttemptStore"/>. Inserts (expected version 0) are atomic; updates are not.
/// </summary>
internal sealed class CheckThenSetSessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, TerminalSession> _sessions = new(StringComparer.Ordinal);

    public ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_sessions.TryGetValue(terminalId, out TerminalSession? s) ? s : null);
    }

    public ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (expectedVersion == 0)
        {
            return new(_sessions.TryAdd(session.TerminalId, session));
        }

        if (!_sessions.TryGetValue(session.TerminalId, out TerminalSession? current) || current.Version != expectedVersion)
        {
            return new(false);
        }

        _sessions[session.TerminalId] = session;
        return new(true);
    }

    public ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_sessions.TryRemove(terminalId, out _));
    }

    public ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _sessions.Clear();
        return ValueTask.CompletedTask;
    }
}
