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

    /// <summary>How often audit records and PIN changes are pushed when nothing wakes the agent earlier. Default: 10 s.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(10);
}
