namespace PosAuth.BackOffice;

/// <summary>
/// Every management action of the back office, checked on every call against the permission table (package README):
/// head-office administrators manage everything; store managers manage the operators, lanes, audit and offline unlocks of
/// their own sites only, and never see another site (a site they may not see is <c>not_found</c>). The acting session is
/// re-read from the database first; every action and every refusal is audited with the acting user.
/// </summary>
public interface IBackOfficeManagement
{
    /// <summary>Creates a back-office user (head office only); returns the initial password, shown once, which must be changed at the first sign-in.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="userId">1 to 64 lower-case letters, digits, <c>.</c>, <c>-</c> or <c>_</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="sites">A store manager's sites (at least one); empty for an administrator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The initial password.</returns>
    Task<BackOfficeResult<string>> CreateUserAsync(BackOfficeSession actor, string userId, BackOfficeUserKind kind, IReadOnlyList<string> sites, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables a back-office user (head office only; an administrator cannot disable themself).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="userId">The user.</param>
    /// <param name="disabled">Disable or enable.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> SetUserDisabledAsync(BackOfficeSession actor, string userId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>Lists the back-office users (head office only).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    Task<BackOfficeResult<IReadOnlyList<BackOfficeUserInfo>>> ListUsersAsync(BackOfficeSession actor, CancellationToken cancellationToken = default);

    /// <summary>Creates a site (head office only).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">1 to 16 ASCII letters or digits.</param>
    /// <param name="name">The display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> CreateSiteAsync(BackOfficeSession actor, string site, string name, CancellationToken cancellationToken = default);

    /// <summary>The sites the actor may see.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sites.</returns>
    Task<BackOfficeResult<IReadOnlyList<SiteInfo>>> ListSitesAsync(BackOfficeSession actor, CancellationToken cancellationToken = default);

    /// <summary>Registers a lane of a site, or gives a registered one a new key (the old one stops working); returns its credentials once.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="terminalId">1 to 16 ASCII letters or digits, unique across the chain.</param>
    /// <param name="serial">The hardware serial the lane's offline unlock key was derived from (optional).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lane's credentials.</returns>
    Task<BackOfficeResult<LaneRegistration>> RegisterTerminalAsync(BackOfficeSession actor, string site, string terminalId, string? serial, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables a lane: a disabled lane's requests are refused (<c>terminal_disabled</c>).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="terminalId">The lane.</param>
    /// <param name="disabled">Disable or enable.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> SetTerminalDisabledAsync(BackOfficeSession actor, string terminalId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>The lanes of a site.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lanes.</returns>
    Task<BackOfficeResult<IReadOnlyList<TerminalInfo>>> ListTerminalsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per lane of a site, the continuity of the audit trail it has pushed (records held, range, missing sequence numbers,
    /// records that arrived again with different content). A lane whose <see cref="LaneAuditChainStatus.IsContinuous"/> is
    /// false has a gap or a break to look into. Same permission as listing the site's lanes.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One status per registered lane.</returns>
    Task<BackOfficeResult<IReadOnlyList<LaneAuditChainStatus>>> GetLaneAuditChainsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default);

    /// <summary>Creates an operator in a site's directory with a temporary PIN (shown once; it must be changed at the first sign-in on a lane).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="role">The role (a store manager may not create an administrator).</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The temporary PIN; dispose it after showing it.</returns>
    Task<BackOfficeResult<PosAuth.TemporaryPin>> CreateOperatorAsync(BackOfficeSession actor, string site, string operatorId, OperatorRole role, string? displayName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resets an operator's PIN (云端后台重置): a new temporary PIN, shown once to the acting user, a new credential
    /// epoch (every lane refuses the old PIN as soon as it has synced, within 2 s online), and the lockout lifted on
    /// every lane.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="operatorId">The operator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The temporary PIN; dispose it after showing it.</returns>
    Task<BackOfficeResult<PosAuth.TemporaryPin>> ResetOperatorPinAsync(BackOfficeSession actor, string site, string operatorId, CancellationToken cancellationToken = default);

    /// <summary>Lifts an operator's lockout on every lane of the site (the site-wide budget is central).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="operatorId">The operator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> UnlockOperatorAsync(BackOfficeSession actor, string site, string operatorId, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables an operator (a new credential epoch: lanes refuse the old state once synced).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="operatorId">The operator.</param>
    /// <param name="disabled">Disable or enable.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> SetOperatorDisabledAsync(BackOfficeSession actor, string site, string operatorId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>The operators of a site.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operators.</returns>
    Task<BackOfficeResult<IReadOnlyList<OperatorInfo>>> ListOperatorsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default);

    /// <summary>
    /// The offline unlock response for a lane that cannot reach the back office (the RFC 6287 OCRA scheme of the
    /// <c>PosAuth</c> recovery flow, from the vendor master key and the lane's serial): read it to the caller over the
    /// phone after checking who they are. Audited; the response itself is never written down.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The lane's site.</param>
    /// <param name="terminalId">The lane.</param>
    /// <param name="operatorId">The operator to unlock.</param>
    /// <param name="challenge">The challenge digits the lane shows (or its QR payload).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response digits.</returns>
    Task<BackOfficeResult<string>> ComputeOfflineUnlockResponseAsync(BackOfficeSession actor, string site, string terminalId, string operatorId, string challenge, CancellationToken cancellationToken = default);

    /// <summary>The back office's audit trail, limited to the actor's sites for a store manager.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">Only this site, or all the actor may see.</param>
    /// <param name="afterSequence">Only records after this one.</param>
    /// <param name="maxCount">At most this many (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records.</returns>
    Task<BackOfficeResult<IReadOnlyList<BackOfficeAuditEntry>>> ReadAuditAsync(BackOfficeSession actor, string? site, long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lockouts now: the operators whose site-wide guess budget is locked (refused on every lane of the site) and the
    /// lanes whose terminal throttle refuses every operator, at one site or every site the actor may see (a store
    /// manager: only theirs; another site is <c>not_found</c>). Read from the site budgets at the time of the call.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">Only this site, or every site the actor may see.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The locks in force.</returns>
    Task<BackOfficeResult<IReadOnlyList<CurrentLockout>>> ListLockoutsAsync(BackOfficeSession actor, string? site, CancellationToken cancellationToken = default);

    /// <summary>The lanes of a site with their last signed request, whether they are online now, and their last audit push.</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lanes.</returns>
    Task<BackOfficeResult<IReadOnlyList<TerminalStatus>>> ListTerminalStatusAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the back office's audit trail, newest first, filtered in the database by site, lane, operator, actor,
    /// event and time range; limited to the actor's sites for a store manager.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, or <c>invalid_request</c> for a malformed filter.</returns>
    Task<BackOfficeResult<BackOfficeAuditPage>> QueryAuditAsync(BackOfficeSession actor, BackOfficeAuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>For each lane of a site, whether the audit records it pushed run without a gap (and where the first gap is).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="site">The site.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One status per lane.</returns>
    Task<BackOfficeResult<IReadOnlyList<LaneAuditStatus>>> ListLaneAuditStatusAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resets another back-office user's password (head office only): a new initial password, shown once, which must be
    /// changed at the next sign-in; the user's sessions end and a sign-in lock is lifted. Audited, without the password.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="userId">The user (not the actor).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The initial password.</returns>
    Task<BackOfficeResult<string>> ResetUserPasswordAsync(BackOfficeSession actor, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes another back-office user's enrolled second factor (head office only; a lost phone): the user's sessions
    /// end, and where a second factor is required (administrators always, store managers with
    /// <see cref="BackOfficeOptions.RequireSecondFactorForStoreManagers"/>) they enrol a new one at the next sign-in.
    /// </summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="userId">The user (not the actor).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    Task<BackOfficeResult> ResetUserSecondFactorAsync(BackOfficeSession actor, string userId, CancellationToken cancellationToken = default);

    /// <summary>The accounts disabled as unused, for review (a store manager sees the operators of their sites).</summary>
    /// <param name="actor">The acting session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accounts.</returns>
    Task<BackOfficeResult<IReadOnlyList<UnusedAccount>>> ListUnusedAccountsAsync(BackOfficeSession actor, CancellationToken cancellationToken = default);
}

/// <summary>The back office's periodic work, also callable directly (the hosted service calls it every <see cref="BackOfficeOptions.MaintenanceInterval"/>).</summary>
public interface IBackOfficeMaintenance
{
    /// <summary>
    /// Disables every operator and back-office user with no sign-in (or, never signed in, no creation) within
    /// <see cref="BackOfficeOptions.UnusedAccountPeriod"/>, audited; the last enabled head-office administrator is kept.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The accounts disabled now.</returns>
    Task<IReadOnlyList<UnusedAccount>> DisableUnusedAccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Verifies the back office's own audit chain.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verification.</returns>
    Task<PosAuth.Storage.AuditChainVerification> VerifyAuditAsync(CancellationToken cancellationToken = default);
}
