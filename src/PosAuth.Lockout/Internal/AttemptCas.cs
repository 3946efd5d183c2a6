namespace PosAuth.Lockout;

/// <summary>
/// The one compare-and-swap retry rule of the policy: read, decide, write atomically; on a conflict (someone else wrote
/// first) read again and decide again from the fresh state. After <see cref="MaxConflicts"/> conflicts in a row every
/// operation gives up the same way, by throwing <see cref="AttemptStoreContentionException"/> (nothing of the operation
/// was written) — a store that keeps reporting conflicts is broken or under an attack worth surfacing.
/// </summary>
internal static class AttemptCas
{
    /// <summary>Conflicts tolerated in one operation.</summary>
    public const int MaxConflicts = 10_000;

    /// <summary>
    /// Runs <paramref name="step"/> until it reports done: each call gets the number of conflicts so far and returns
    /// <c>(true, result)</c> when finished (written, or nothing to write) or <c>(false, _)</c> after a lost race.
    /// </summary>
    public static async ValueTask<TResult> RunAsync<TResult>(string operation, Func<int, ValueTask<(bool Done, TResult Result)>> step)
    {
        for (int conflicts = 0; conflicts < MaxConflicts; conflicts++)
        {
            (bool done, TResult result) = await step(conflicts).ConfigureAwait(false);
            if (done)
            {
                return result;
            }
        }

        throw new AttemptStoreContentionException(operation, MaxConflicts);
    }
}
