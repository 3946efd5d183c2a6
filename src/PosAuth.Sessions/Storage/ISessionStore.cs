namespace PosAuth.Sessions;

/// <summary>
/// Durable storage of <see cref="TerminalSession"/> snapshots, one per terminal. State only, no
/// policy: the <see cref="TerminalSessionManager"/> decides, the store remembers.
/// </summary>
public interface ISessionStore
{
    /// <summary>Loads the snapshot of <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The snapshot, or <see langword="null"/> when none is stored.</returns>
    ValueTask<TerminalSession?> GetAsync(string terminalId, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap save: stores <paramref name="session"/> only if the stored version equals
    /// <paramref name="expectedVersion"/>, or, when <paramref name="expectedVersion"/> is 0, only if
    /// nothing is stored for the terminal yet. Atomic with respect to every other call.
    /// </summary>
    /// <param name="session">The new snapshot (its <see cref="TerminalSession.Version"/> is already the new version).</param>
    /// <param name="expectedVersion">The version the caller read, or 0 to insert.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when another writer got there first.</returns>
    ValueTask<bool> TrySaveAsync(TerminalSession session, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the snapshot of <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a snapshot was deleted.</returns>
    ValueTask<bool> DeleteAsync(string terminalId, CancellationToken cancellationToken);

    /// <summary>Deletes every snapshot (factory reset).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the store is empty.</returns>
    ValueTask DeleteAllAsync(CancellationToken cancellationToken);
}
