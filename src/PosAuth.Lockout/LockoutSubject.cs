namespace PosAuth.Lockout;

/// <summary>
/// Who is attempting a PIN: an operator on a terminal, with the operator's role (which selects
/// the per-role lockout rules).
/// </summary>
/// <param name="TerminalId">The terminal identifier (for example the terminal number). Must not be empty.</param>
/// <param name="OperatorId">The operator number (for example <c>01</c>). Must not be empty or <see cref="AttemptKey.TerminalBucketOperatorId"/>.</param>
/// <param name="Role">The operator's role.</param>
public readonly record struct LockoutSubject(string TerminalId, string OperatorId, OperatorRole Role)
{
    /// <summary>The store key of this subject's own attempt record.</summary>
    public AttemptKey Key => new(TerminalId, OperatorId);

    internal void Validate(string paramName)
    {
        if (string.IsNullOrEmpty(TerminalId))
        {
            throw new ArgumentException("The terminal id must not be empty.", paramName);
        }

        if (string.IsNullOrEmpty(OperatorId) || OperatorId == AttemptKey.TerminalBucketOperatorId)
        {
            throw new ArgumentException("The operator id must not be empty or the reserved terminal-bucket id.", paramName);
        }
    }
}
