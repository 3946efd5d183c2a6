namespace PosAuth.Lockout;

/// <summary>
/// Identifies an attempt record: an operator on a terminal, or the terminal's throttle bucket
/// (<see cref="ForTerminal"/>, whose operator id is <see cref="TerminalBucketOperatorId"/>).
/// A value type with ordinal equality, so it can key a dictionary without building strings.
/// </summary>
/// <param name="TerminalId">The terminal identifier.</param>
/// <param name="OperatorId">The operator number, or <see cref="TerminalBucketOperatorId"/> for the terminal bucket.</param>
public readonly record struct AttemptKey(string TerminalId, string OperatorId)
{
    /// <summary>
    /// The operator id of the per-terminal throttle bucket, <c>*</c>. It is never a well-formed operator
    /// number (those are ASCII letters and digits), so it cannot collide with a real operator.
    /// </summary>
    public const string TerminalBucketOperatorId = "*";

    /// <summary>The key of the per-terminal throttle bucket of <paramref name="terminalId"/>.</summary>
    /// <param name="terminalId">The terminal identifier.</param>
    /// <returns>The bucket key.</returns>
    public static AttemptKey ForTerminal(string terminalId) => new(terminalId, TerminalBucketOperatorId);

    /// <summary>
    /// The terminal id of site-wide records, <c>*</c>: with <see cref="LockoutScope.PerSite"/> an operator's budget is kept
    /// under it, shared by every lane of the site. It is never a well-formed terminal number.
    /// </summary>
    public const string SiteTerminalId = "*";

    /// <summary>The key of <paramref name="operatorId"/>'s site-wide budget (<see cref="LockoutScope.PerSite"/>).</summary>
    /// <param name="operatorId">The operator number (or an unknown number's digest).</param>
    /// <returns>The key.</returns>
    public static AttemptKey ForSite(string operatorId) => new(SiteTerminalId, operatorId);

    /// <summary>Whether this key is a terminal throttle bucket.</summary>
    public bool IsTerminalBucket => OperatorId == TerminalBucketOperatorId;
}
