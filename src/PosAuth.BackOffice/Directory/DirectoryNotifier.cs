using System.Collections.Concurrent;

namespace PosAuth.BackOffice.Directory;

/// <summary>
/// Wakes the directory long-polls of a site when one of its operators changed in this process. Each site has one
/// completion source, replaced at every change, so a waiter that read "nothing new" and then waits can never miss a
/// change committed between its read and its wait (it takes the source BEFORE reading). A back office of several
/// instances also re-reads on a timer (the long-poll's own timeout), so a change made by another instance arrives at
/// the latest then.
/// </summary>
internal sealed class DirectoryNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>The task that completes at the site's next change. Take it before reading the directory.</summary>
    public Task NextChange(string site) =>
        _signals.GetOrAdd(site, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Called after a change of the site committed.</summary>
    public void Changed(string site)
    {
        if (_signals.TryRemove(site, out TaskCompletionSource? signal))
        {
            signal.TrySetResult();
        }
    }
}
