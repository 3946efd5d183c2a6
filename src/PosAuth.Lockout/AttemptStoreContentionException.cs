namespace PosAuth.Lockout;

/// <summary>
/// The attempt store reported a conflict on every one of many compare-and-swap tries in a row, so the operation gave up
/// without writing anything. A correct store under ordinary load never gets here; a store that ignores versions or a
/// pathological flood of writers to one key does. Callers fail closed (the attempt was not verified).
/// </summary>
public sealed class AttemptStoreContentionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">What was being written (<c>charge</c>, <c>refund</c>, <c>clear</c>).</param>
    /// <param name="conflicts">How many conflicts in a row were seen.</param>
    public AttemptStoreContentionException(string operation, int conflicts)
        : base($"The attempt store reported {conflicts} compare-and-swap conflicts in a row; the {operation} was not written.")
    {
        Operation = operation;
        Conflicts = conflicts;
    }

    /// <summary>What was being written.</summary>
    public string Operation { get; }

    /// <summary>How many conflicts in a row were seen.</summary>
    public int Conflicts { get; }
}
