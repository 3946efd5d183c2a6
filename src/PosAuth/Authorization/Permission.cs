namespace PosAuth;

/// <summary>An operation on the terminal that a role may or may not perform.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Public API; a permission of a POS role is the domain word (权限), not a .NET code-access permission type.")]
public enum Permission
{
    /// <summary>Sale (消费) and other ordinary payment transactions.</summary>
    Sale = 0,

    /// <summary>Balance inquiry (余额查询).</summary>
    BalanceInquiry = 1,

    /// <summary>Void of a sale in the current batch (消费撤销).</summary>
    Void = 2,

    /// <summary>Refund (退货).</summary>
    Refund = 3,

    /// <summary>Pre-authorisation completion and its void.</summary>
    PreAuthorizationCompletion = 4,

    /// <summary>Settlement (结算) of the batch.</summary>
    Settlement = 5,

    /// <summary>Reprint of a receipt.</summary>
    Reprint = 6,

    /// <summary>Query of transaction records.</summary>
    QueryTransactions = 7,

    /// <summary>Terminal sign-in (签到) and sign-out (签退) with the host.</summary>
    TerminalSignIn = 8,

    /// <summary>Add, delete, disable operators and reset their PINs.</summary>
    ManageOperators = 9,

    /// <summary>Set or replace the supervisor (00).</summary>
    SetSupervisor = 10,

    /// <summary>Terminal parameters (merchant and terminal numbers, host addresses, keys).</summary>
    TerminalParameters = 11,

    /// <summary>Software download and update.</summary>
    SoftwareUpdate = 12,

    /// <summary>Clearing transaction records (清除交易流水).</summary>
    ClearTransactionRecords = 13,

    /// <summary>Maintenance mode (系统维护).</summary>
    Maintenance = 14,

    /// <summary>Factory reset of the operator accounts.</summary>
    FactoryReset = 15,
}
