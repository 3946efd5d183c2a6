namespace PosAuth.Sessions;

/// <summary>One allowed move of the session state machine: in <paramref name="From"/>, <paramref name="Trigger"/> may lead to <paramref name="To"/>.</summary>
/// <param name="From">The state before.</param>
/// <param name="Trigger">What happened.</param>
/// <param name="To">The state after.</param>
public readonly record struct SessionTransition(TerminalSessionState From, SessionTrigger Trigger, TerminalSessionState To);
