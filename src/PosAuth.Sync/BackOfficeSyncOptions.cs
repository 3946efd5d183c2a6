namespace PosAuth.Sync;

/// <summary>Settings of the lane's link to the back office (<c>UseBackOffice(uri, credentials, o =&gt; …)</c>). Validated at start-up.</summary>
public sealed class BackOfficeSyncOptions
{
    /// <summary>The back office's base address (https in production; see the back office README). Set by <c>UseBackOffice</c>.</summary>
    public Uri? BackOffice { get; set; }

    /// <summary>The lane's credentials. Set by <c>UseBackOffice</c>.</summary>
    public LaneCredentials? Credentials { get; set; }

    /// <summary>
    /// The file of the agent's own state (the directory cursor, each operator's credential epoch as last applied, how far
    /// the audit was pushed, notices for cashiers). Default: the SQLite database path with <c>.sync</c> appended.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>How long one directory long-poll may wait at the back office. Default: 25 s. Range: 1 s to 5 min.</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a request (other than the long-poll) may take before the back office counts as unreachable. Default: 5 s. Range: 100 ms to 2 min.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a failed exchange; it doubles up to <see cref="MaxRetryDelay"/>. Default: 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between retries. Default: 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts per operator this lane asks the back office to reserve for it (an attempt lease), so it can sign that
    /// cashier in while the back office cannot be reached: a right PIN gives the attempt back, a wrong one uses it up, so a
    /// lease of 1 allows any number of offline sign-ins and one wrong PIN. The back office grants at most its
    /// <c>MaxLeaseSize</c> and only within the site budget. Default: 1. Range: 0 (no offline sign-in) to 10.
    /// </summary>
    public int LeaseSize { get; set; } = 1;

    /// <summary>How often audit records and PIN changes are pushed when nothing wakes the agent earlier. Default: 10 s.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(10);
}
