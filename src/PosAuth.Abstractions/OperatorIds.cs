namespace PosAuth;

/// <summary>
/// Well-known operator numbers, the conventional mapping from an operator number to its role, and PosAuth's one
/// identifier rule: an operator number or a terminal id is 1 to <see cref="MaxLength"/> ASCII letters or digits
/// (<see cref="IsWellFormed"/>), everywhere — sign-in, management, recovery, offline unlock, sessions, stores. Anything
/// else is refused as invalid input before any work and is never written to the audit trail. (A terminal's serial
/// number, which offline unlock binds its key to, is not an id and has its own rule.)
/// </summary>
public static class OperatorIds
{
    /// <summary>The system administrator's operator number, <c>99</c>.</summary>
    public const string Administrator = "99";

    /// <summary>The supervisor's operator number, <c>00</c>.</summary>
    public const string Supervisor = "00";

    /// <summary>The first ordinary operator's number, <c>01</c>.</summary>
    public const string FirstOperator = "01";

    /// <summary>The longest operator number or terminal id accepted anywhere in PosAuth.</summary>
    public const int MaxLength = 16;

    /// <summary>
    /// Returns the conventional role for an operator number: <c>99</c> is the administrator,
    /// <c>00</c> the supervisor, anything else an ordinary operator.
    /// </summary>
    /// <param name="operatorId">The operator number.</param>
    /// <returns>The role that UnionPay terminal conventions give that number.</returns>
    public static OperatorRole ConventionalRole(ReadOnlySpan<char> operatorId) =>
        operatorId.SequenceEqual(Administrator) ? OperatorRole.Administrator
        : operatorId.SequenceEqual(Supervisor) ? OperatorRole.Supervisor
        : OperatorRole.Operator;

    /// <summary>
    /// Whether <paramref name="operatorId"/> is a well-formed operator number: 1 to
    /// <see cref="MaxLength"/> ASCII letters or digits.
    /// </summary>
    /// <param name="operatorId">The candidate operator number.</param>
    /// <returns><see langword="true"/> when the value is well formed.</returns>
    public static bool IsWellFormed(ReadOnlySpan<char> operatorId)
    {
        if (operatorId.IsEmpty || operatorId.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in operatorId)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
