namespace PosAuth.Lockout;

/// <summary>
/// The one compare-and-swap retry rule of the policy: read, decide, write atomically; on a conflict (someone else wrote
/// first) read again and decide again from the fresh state. After <see cref="MaxConflicts"/> conflicts in a row every
/// operation gives up the same way, by throwing <see cref="AttemptStoreContentionException"/> (nothing of the operation
/// was written) — a store that keeps reporting conflicts is broken or under an attack worth surfacing.
/// </summary>
/// <remarks>
/// A value the loop keeps in a local (no delegate, no closure), so an operation that completes synchronously — a
/// rejected charge on an in-memory store — allocates nothing.
/// </remarks>
internal struct AttemptCas(string operation)
{
    /// <summary>Conflicts tolerated in one operation.</summary>
    public const int MaxConflicts = 10_000;

    private int _conflicts;

    /// <summary>Whether no conflict happened yet (the first try may use what the caller already read).</summary>
    public readonly bool IsFirstTry => _conflicts == 0;

    /// <summary>Records a lost race; throws <see cref="AttemptStoreContentionException"/> when that makes too many.</summary>
    public void Conflicted()
    {
        if (++_conflicts >= MaxConflicts)
        {
            throw new AttemptStoreContentionException(operation, MaxConflicts);
        }
    }
}
