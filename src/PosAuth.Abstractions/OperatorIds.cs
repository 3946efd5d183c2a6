namespace PosAuth;

/// <summary>
/// Well-known operator numbers and the conventional mapping from an operator number to its role.
/// </summary>
public static class OperatorIds
{
    /// <summary>The system administrator's operator number, <c>99</c>.</summary>
    public const string Administrator = "99";

    /// <summary>The supervisor's operator number, <c>00</c>.</summary>
    public const string Supervisor = "00";

    /// <summary>The first ordinary operator's number, <c>01</c>.</summary>
    public const string FirstOperator = "01";

    /// <summary>The longest operator number accepted anywhere in PosAuth.</summary>
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
