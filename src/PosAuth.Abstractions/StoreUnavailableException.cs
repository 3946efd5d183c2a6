namespace PosAuth;

/// <summary>
/// A store could not answer: its server is unreachable, a command ran past its timeout, the connection died
/// mid-transaction, or the database is busy past its wait. Stores throw it (or a subclass) for faults that are
/// expected to pass by themselves, and callers fail closed on it: a sign-in that meets it is neither a success nor a
/// wrong PIN (<c>AuthenticationOutcome.StoreUnavailable</c>), and nothing was charged or changed that the store did not
/// report committed.
/// </summary>
/// <remarks>
/// The message names the store and the kind of fault only; it never carries a PIN, a key, an operator id or a
/// connection string. The original error, if any, is the <see cref="Exception.InnerException"/>.
/// </remarks>
public class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public StoreUnavailableException()
        : base("The store is unavailable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, without secrets or identifiers.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the store's own error.</summary>
    /// <param name="message">What failed, without secrets or identifiers.</param>
    /// <param name="innerException">The store's own error.</param>
    public StoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
