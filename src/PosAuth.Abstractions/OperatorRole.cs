namespace PosAuth;

/// <summary>
/// The role of a terminal operator, following UnionPay terminal conventions.
/// Roles are ordered: a higher value outranks a lower one.
/// </summary>
public enum OperatorRole
{
    /// <summary>An ordinary operator (01, 02, …): signs in and transacts.</summary>
    Operator = 0,

    /// <summary>The supervisor (主管, 00): authorises voids and refunds and manages operators.</summary>
    Supervisor = 1,

    /// <summary>The system administrator (99): parameters, software, clearing records, sets the supervisor.</summary>
    Administrator = 2,
}
