using System.Collections.Concurrent;

namespace PosAuth.Lockout.Tests.TestSupport;

internal sealed class RecordingObserver : ILockoutObserver
{
    public ConcurrentQueue<LockoutEvent> Events { get; } = new();

    public ValueTask OnLockoutEventAsync(LockoutEvent lockoutEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(lockoutEvent);
        return ValueTask.CompletedTask;
    }
}
