namespace PosAuth.Sessions;

/// <summary>
/// An <see cref="ISessionStore"/> in process memory, for tests and demos. Thread-safe; it does
/// not survive a process restart (use the SQLite store for that).
/// </summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TerminalSession> _sessions = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_sessions.GetValueOrDefault(terminalId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            bool exists = _sessions.TryGetValue(session.TerminalId, out TerminalSession? stored);
            bool matches = expectedVersion == 0 ? !exists : exists && stored!.Version == expectedVersion;
            if (matches)
            {
                _sessions[session.TerminalId] = session;
            }

            return ValueTask.FromResult(matches);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_sessions.Remove(terminalId));
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _sessions.Clear();
        }

        return ValueTask.CompletedTask;
    }
}
