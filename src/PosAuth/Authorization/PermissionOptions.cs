namespace PosAuth;

/// <summary>
/// The permission table: which role may perform which operation, and which operations need a
/// one-shot supervisor authorisation. The defaults follow UnionPay terminal conventions.
/// </summary>
public sealed class PermissionOptions
{
    /// <summary>
    /// Operations each role may perform on its own. Defaults:
    /// operators (01…) sale, balance inquiry, settlement, reprint, query and terminal sign-in;
    /// the supervisor (00) those plus void, refund, pre-authorisation completion and managing operators;
    /// the administrator (99) parameters, software update, clearing records, setting the supervisor,
    /// managing operators, maintenance and factory reset, but no payment transactions.
    /// </summary>
    public Dictionary<OperatorRole, HashSet<Permission>> Grants { get; set; } = DefaultGrants();

    /// <summary>
    /// Operations that an ordinary operator may perform only with a one-shot supervisor authorisation
    /// (the supervisor enters number and PIN on the terminal). Default: void, refund and
    /// pre-authorisation completion.
    /// </summary>
    public HashSet<Permission> RequireSupervisorAuthorization { get; set; } =
        [Permission.Void, Permission.Refund, Permission.PreAuthorizationCompletion];

    /// <summary>How long a supervisor authorisation stays usable once granted. Default: 2 minutes.</summary>
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The UnionPay default grants.</summary>
    /// <returns>A new table of defaults.</returns>
    public static Dictionary<OperatorRole, HashSet<Permission>> DefaultGrants() => new()
    {
        [OperatorRole.Operator] =
        [
            Permission.Sale, Permission.BalanceInquiry, Permission.Settlement, Permission.Reprint,
            Permission.QueryTransactions, Permission.TerminalSignIn,
        ],
        [OperatorRole.Supervisor] =
        [
            Permission.Sale, Permission.BalanceInquiry, Permission.Settlement, Permission.Reprint,
            Permission.QueryTransactions, Permission.TerminalSignIn, Permission.Void, Permission.Refund,
            Permission.PreAuthorizationCompletion, Permission.ManageOperators,
        ],
        [OperatorRole.Administrator] =
        [
            Permission.TerminalParameters, Permission.SoftwareUpdate, Permission.ClearTransactionRecords,
            Permission.SetSupervisor, Permission.ManageOperators, Permission.Maintenance, Permission.FactoryReset,
        ],
    };
}
