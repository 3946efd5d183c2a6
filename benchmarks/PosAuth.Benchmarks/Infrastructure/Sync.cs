namespace PosAuth.Benchmarks.Infrastructure;

/// <summary>
/// Waits for a <see cref="ValueTask{TResult}"/> without an async wrapper of our own, so a benchmark's
/// allocated bytes are only the code under test's.
/// </summary>
public static class Sync
{
    public static T Wait<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
