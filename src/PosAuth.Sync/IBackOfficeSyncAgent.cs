namespace PosAuth.Sync;

/// <summary>
/// The lane's sync agent: run it for the life of the app (<c>await agent.RunAsync(stopping)</c>, no Generic Host
/// needed). It long-polls the site's directory and applies every change to the lane's operator store (a reset or
/// disable at the back office arrives within 2 s online), and pushes the lane's PIN changes and audit trail.
/// </summary>
public interface IBackOfficeSyncAgent
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, retrying with back-off while the back office is unreachable.</summary>
    /// <param name="cancellationToken">Stops the agent.</param>
    /// <returns>A task that completes when the agent stopped.</returns>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>One full exchange now, without waiting for changes: pull every change, push PIN changes and audit.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="StoreUnavailableException">The back office cannot be reached (or answered unsigned).</exception>
    Task<SyncReport> SyncOnceAsync(CancellationToken cancellationToken = default);

    /// <summary>The directory cursor applied so far (the back office's change number).</summary>
    long Cursor { get; }

    /// <summary>Whether the last exchange with the back office succeeded.</summary>
    bool IsConnected { get; }

    /// <summary>Raised after a batch of directory changes was applied to the lane's store (on the agent's thread; keep it short).</summary>
    event EventHandler<DirectoryAppliedEventArgs>? DirectoryApplied;

    /// <summary>
    /// What the lane should tell this operator, if anything: after a PIN change on this lane lost to a back-office reset
    /// (<see cref="OperatorNotice.PinChangeLost"/>), "use the temporary PIN you were given".
    /// </summary>
    /// <param name="operatorId">The operator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The notice, or <see langword="null"/>.</returns>
    Task<OperatorNotice?> GetNoticeAsync(string operatorId, CancellationToken cancellationToken = default);
}

/// <summary>A batch of directory changes applied to the lane.</summary>
public sealed class DirectoryAppliedEventArgs : EventArgs
{
    internal DirectoryAppliedEventArgs(long cursor, IReadOnlyList<string> operatorIds)
    {
        Cursor = cursor;
        OperatorIds = operatorIds;
    }

    /// <summary>The cursor after the batch.</summary>
    public long Cursor { get; }

    /// <summary>The operators changed by the batch.</summary>
    public IReadOnlyList<string> OperatorIds { get; }
}

/// <summary>A message for a cashier, in zh-CN and en, with a stable code.</summary>
/// <param name="Code">The stable code.</param>
/// <param name="At">When it arose (the lane's clock).</param>
public sealed record OperatorNotice(string Code, DateTimeOffset At)
{
    /// <summary>The PIN changed on this lane lost to a back-office reset made first: use the temporary PIN the back office issued.</summary>
    public const string PinChangeLost = "pin_change_lost_to_back_office_reset";

    /// <summary>The message in Chinese.</summary>
    public string MessageZh => Code == PinChangeLost ? "您在本机修改的密码未生效：后台已重置密码，请使用后台发放的临时密码登录。" : "请联系店长。";

    /// <summary>The message in English.</summary>
    public string MessageEn => Code == PinChangeLost ? "Your PIN change on this lane did not take effect: head office reset your PIN first. Sign in with the temporary PIN you were given." : "Please contact the store manager.";
}

/// <summary>The outcome of <see cref="IBackOfficeSyncAgent.SyncOnceAsync"/>.</summary>
/// <param name="Cursor">The cursor after the exchange.</param>
/// <param name="OperatorsApplied">Directory records applied.</param>
/// <param name="PinChangesPushed">PIN changes of this lane accepted by the back office.</param>
/// <param name="Conflicts">PIN changes of this lane that lost to the back office.</param>
/// <param name="AuditAcknowledgedThrough">The lane audit sequence the back office holds up to.</param>
public sealed record SyncReport(long Cursor, int OperatorsApplied, int PinChangesPushed, int Conflicts, long AuditAcknowledgedThrough);
