namespace PosAuth.Sessions;

/// <summary>
/// Receives every saved transition of every <see cref="TerminalSessionManager"/> created by the factory, in order,
/// inside the manager's lock (so records of one terminal never interleave), after the snapshot is saved and before
/// <see cref="TerminalSessionManager.Transitioned"/> is raised. The PosAuth core registers one that writes the audit
/// trail (<c>TerminalSignedIn</c>, <c>TerminalSignedOut</c>, <c>SessionStateChanged</c>). Transitions happen only
/// after a successful verification, so they name known operators only and never a PIN.
/// </summary>
public interface ISessionTransitionSink
{
    /// <summary>Records one transition. An exception reaches the caller of the operation (the transition stays saved).</summary>
    /// <param name="transition">The transition, with the saved snapshot.</param>
    /// <param name="cancellationToken">Not cancelled by the operation's token: the transition is already saved.</param>
    /// <returns>A task that completes when the transition is recorded.</returns>
    ValueTask OnTransitionedAsync(SessionTransitionedEventArgs transition, CancellationToken cancellationToken);
}
