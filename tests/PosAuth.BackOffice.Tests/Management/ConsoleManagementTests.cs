using System.Text.Json;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Tests.Management;

/// <summary>
/// The console's management reads and user resets, called directly on a real back office (lanes on the signed lane
/// API): lockouts now, lane activity, the audit filtered and paged in the database, lane audit continuity, and the
/// permission table behind each (a store manager never sees another site). Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class ConsoleManagementTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;
    private AdminSession _admin = null!;

    protected abstract Task<BackOfficeHost> StartAsync();

    public async Task InitializeAsync()
    {
        _host = await StartAsync();
        _admin = await _host.CreateAdministratorAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IBackOfficeManagement M => _host.Management;

    [Fact]
    public async Task Lockouts_ListTheOperatorTheSiteBudgetLocked_WithTheEnd_AndUnlockLiftsItForTheLane()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA");
        Assert.Empty((await M.ListLockoutsAsync(_admin.Session, null)).Value!);

        int charges = await ChargeUntilRefusedAsync(a.Lanes[0], "SITEA", "1001");
        Assert.InRange(charges, 1, 20);

        IReadOnlyList<CurrentLockout> locks = (await M.ListLockoutsAsync(_admin.Session, null)).Value!;
        CurrentLockout only = Assert.Single(locks);
        Assert.Equal(("SITEA", "1001", (string?)null, "Cashier"), (only.Site, only.OperatorId, only.TerminalId, only.DisplayName));
        Assert.True(only.State is LockoutState.LockedTemporarily or LockoutState.LockedPermanently);
        if (only.State == LockoutState.LockedTemporarily)
        {
            Assert.True(only.LockedUntil > _host.Time.GetUtcNow());
        }

        Assert.Equal(locks, (await M.ListLockoutsAsync(_admin.Session, "SITEA")).Value!);
        Assert.True((await M.UnlockOperatorAsync(_admin.Session, "SITEA", "1001")).Succeeded);
        Assert.Empty((await M.ListLockoutsAsync(_admin.Session, null)).Value!);
        Assert.True((await ChargeAsync(a.Lanes[0], "SITEA", "1001")).Allowed);
    }

    [Fact]
    public async Task Lockouts_ALaneThrottledByGuessesOverManyOperators_IsListedAsThatLane()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA", lanes: 2);
        int n = 0;
        while ((await ChargeAsync(a.Lanes[0], "SITEA", "9" + (n++).ToString("D3", System.Globalization.CultureInfo.InvariantCulture))).Allowed)
        {
            Assert.True(n <= 100, "the lane was never throttled");
        }

        CurrentLockout throttle = Assert.Single((await M.ListLockoutsAsync(_admin.Session, "SITEA")).Value!);
        Assert.Equal((a.Lanes[0].TerminalId, (string?)null, LockoutState.Throttled), (throttle.TerminalId, throttle.OperatorId, throttle.State));
        Assert.True(throttle.LockedUntil > _host.Time.GetUtcNow());
    }

    [Fact]
    public async Task Lockouts_AStoreManagerSeesOnlyTheirSite_AndAskingForAnotherIsNotFound_AndAudited()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA");
        SiteFixture b = await _host.CreateSiteAsync(_admin, "SITEB");
        await ChargeUntilRefusedAsync(a.Lanes[0], "SITEA", "1001");
        await ChargeUntilRefusedAsync(b.Lanes[0], "SITEB", "1001");
        Assert.Equal(2, (await M.ListLockoutsAsync(_admin.Session, null)).Value!.Count);

        BackOfficeSession manager = await CreateManagerAsync("mgr.a", "SITEA");
        CurrentLockout mine = Assert.Single((await M.ListLockoutsAsync(manager, null)).Value!);
        Assert.Equal("SITEA", mine.Site);
        BackOfficeResult<IReadOnlyList<CurrentLockout>> other = await M.ListLockoutsAsync(manager, "SITEB");
        Assert.Equal(BackOfficeErrorCodes.NotFound, other.Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await M.UnlockOperatorAsync(manager, "SITEB", "1001")).Error?.Code);
        Assert.Equal(2, (await M.ListLockoutsAsync(_admin.Session, null)).Value!.Count);
        BackOfficeAuditPage denied = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { Type = BackOfficeAuditEventType.ManagementDenied, Actor = "user:mgr.a" })).Value!;
        Assert.Contains(denied.Entries, e => e.Site == "SITEB" && e.Detail == "action=list_lockouts");
    }

    [Fact]
    public async Task TerminalStatus_LastRequestIsTheSignedRequestsTime_OnlineWithinTheWindow_ThenOffline()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA", lanes: 2);
        DateTimeOffset seen = _host.Time.GetUtcNow();
        Assert.Equal(200, (await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, a.Lanes[0], HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA")))).Status);

        _host.Time.Advance(TimeSpan.FromSeconds(59));
        IReadOnlyList<TerminalStatus> status = (await M.ListTerminalStatusAsync(_admin.Session, "SITEA")).Value!;
        TerminalStatus l1 = status.Single(t => t.Terminal.TerminalId == a.Lanes[0].TerminalId);
        TerminalStatus l2 = status.Single(t => t.Terminal.TerminalId == a.Lanes[1].TerminalId);
        Assert.Equal(seen, l1.LastRequestAt);
        Assert.True(l1.Online);
        Assert.Null(l2.LastRequestAt);
        Assert.False(l2.Online);
        Assert.Equal(new TerminalLeases(0, 0, 0), l1.Leases);

        _host.Time.Advance(TimeSpan.FromSeconds(2));
        l1 = (await M.ListTerminalStatusAsync(_admin.Session, "SITEA")).Value!.Single(t => t.Terminal.TerminalId == a.Lanes[0].TerminalId);
        Assert.Equal(seen, l1.LastRequestAt);
        Assert.False(l1.Online);

        // A refused request (wrong key) is not activity.
        DateTimeOffset refusedAt = _host.Time.GetUtcNow();
        Assert.Equal(401, (await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, a.Lanes[0], HttpMethod.Get, LaneProtocol.DirectoryPath("SITEA"), key: new byte[32]))).Status);
        Assert.Equal(seen, (await M.ListTerminalStatusAsync(_admin.Session, "SITEA")).Value!.Single(t => t.Terminal.TerminalId == a.Lanes[0].TerminalId).LastRequestAt);
        Assert.NotEqual(seen, refusedAt);
    }

    [Fact]
    public async Task TerminalStatus_AndLaneAudit_OfAnotherSite_AreNotFoundForAStoreManager()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        await _host.CreateSiteAsync(_admin, "SITEB");
        BackOfficeSession manager = await CreateManagerAsync("mgr.a", "SITEA");
        Assert.True((await M.ListTerminalStatusAsync(manager, "SITEA")).Succeeded);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await M.ListTerminalStatusAsync(manager, "SITEB")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await M.ListLaneAuditStatusAsync(manager, "SITEB")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await M.QueryAuditAsync(manager, new BackOfficeAuditQuery { Site = "SITEB" })).Error?.Code);
    }

    [Fact]
    public async Task QueryAudit_FiltersByOperatorEventLaneAndTime_InTheDatabase_AndPagesCoverEveryRecordOnce()
    {
        await _host.CreateSiteAsync(_admin, "SITEA", lanes: 1, operatorId: "1001");
        DateTimeOffset before = _host.Time.GetUtcNow();
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        DateTimeOffset from = _host.Time.GetUtcNow();
        (await M.CreateOperatorAsync(_admin.Session, "SITEA", "1002", OperatorRole.Operator, null)).Value!.Dispose();
        for (int i = 0; i < 3; i++)
        {
            (await M.ResetOperatorPinAsync(_admin.Session, "SITEA", "1002")).Value!.Dispose();
            (await M.ResetOperatorPinAsync(_admin.Session, "SITEA", "1001")).Value!.Dispose();
        }

        _host.Time.Advance(TimeSpan.FromMinutes(1));
        DateTimeOffset to = _host.Time.GetUtcNow();
        Assert.True((await M.SetTerminalDisabledAsync(_admin.Session, "SITEAL1", true)).Succeeded);

        BackOfficeAuditPage op = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { OperatorId = "1002" })).Value!;
        Assert.Equal(4, op.Entries.Count);
        Assert.All(op.Entries, e => Assert.Equal("1002", e.OperatorId));
        Assert.Equal(op.Entries.OrderByDescending(e => e.Sequence), op.Entries);
        Assert.Null(op.NextBefore);

        BackOfficeAuditPage resets = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { OperatorId = "1001", Type = BackOfficeAuditEventType.OperatorPinReset })).Value!;
        Assert.Equal(3, resets.Entries.Count);
        Assert.All(resets.Entries, e => Assert.Equal((BackOfficeAuditEventType.OperatorPinReset, "1001"), (e.Type, e.OperatorId)));

        BackOfficeAuditEntry lane = Assert.Single((await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { TerminalId = "SITEAL1", Type = BackOfficeAuditEventType.TerminalDisabledChanged })).Value!.Entries);
        Assert.Equal("disabled", lane.Code);

        BackOfficeAuditPage window = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { From = from, To = to, MaxCount = 1000 })).Value!;
        Assert.Equal(7, window.Entries.Count(e => e.Site == "SITEA"));
        Assert.All(window.Entries, e => Assert.InRange(e.At, from, to.AddTicks(-1)));
        Assert.DoesNotContain(window.Entries, e => e.Type is BackOfficeAuditEventType.OperatorCreated && e.OperatorId == "1001");
        Assert.All((await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { To = before.AddTicks(1) })).Value!.Entries, e => Assert.True(e.At <= before));

        // Pages of 2, each from the previous page's NextBefore: every record of the trail exactly once, newest first.
        List<BackOfficeAuditEntry> all = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { MaxCount = 1000 })).Value!.Entries.ToList();
        var paged = new List<BackOfficeAuditEntry>();
        long? next = null;
        do
        {
            BackOfficeAuditPage page = (await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { MaxCount = 2, BeforeSequence = next })).Value!;
            Assert.InRange(page.Entries.Count, 1, 2);
            paged.AddRange(page.Entries);
            next = page.NextBefore;
        }
        while (next is not null);

        Assert.Equal(all, paged);
        Assert.Equal(all.Select(e => e.Sequence).Distinct().Count(), paged.Count);
    }

    [Fact]
    public async Task QueryAudit_AStoreManagerReadsOnlyTheirSites_NeverAnotherSitesNorSitelessRecords()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        await _host.CreateSiteAsync(_admin, "SITEB");
        BackOfficeSession manager = await CreateManagerAsync("mgr.a", "SITEA");
        (await M.ResetOperatorPinAsync(_admin.Session, "SITEB", "1001")).Value!.Dispose();

        BackOfficeAuditPage mine = (await M.QueryAuditAsync(manager, new BackOfficeAuditQuery { MaxCount = 1000 })).Value!;
        Assert.NotEmpty(mine.Entries);
        Assert.All(mine.Entries, e => Assert.Equal("SITEA", e.Site));
        Assert.Empty((await M.QueryAuditAsync(manager, new BackOfficeAuditQuery { OperatorId = "1001", Type = BackOfficeAuditEventType.OperatorPinReset })).Value!.Entries);
        Assert.Contains((await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { MaxCount = 1000 })).Value!.Entries, e => e.Site is null);
    }

    [Theory]
    [InlineData("lane")]
    [InlineData("operator")]
    [InlineData("actor")]
    [InlineData("range")]
    [InlineData("before")]
    [InlineData("event")]
    public async Task QueryAudit_AMalformedFilter_IsInvalidRequest(string which)
    {
        DateTimeOffset now = _host.Time.GetUtcNow();
        BackOfficeAuditQuery query = which switch
        {
            "lane" => new BackOfficeAuditQuery { TerminalId = "L1' OR 1=1 --" },
            "operator" => new BackOfficeAuditQuery { OperatorId = new string('1', 17) },
            "actor" => new BackOfficeAuditQuery { Actor = "user:\nadmin" },
            "range" => new BackOfficeAuditQuery { From = now, To = now.AddSeconds(-1) },
            "before" => new BackOfficeAuditQuery { BeforeSequence = 0 },
            _ => new BackOfficeAuditQuery { Type = (BackOfficeAuditEventType)12345 },
        };
        Assert.Equal(BackOfficeErrorCodes.InvalidRequest, (await M.QueryAuditAsync(_admin.Session, query)).Error?.Code);
    }

    [Fact]
    public async Task LaneAuditStatus_AContiguousPushIsWhole_AGapIsReportedAtTheFirstMissingSequence()
    {
        SiteFixture a = await _host.CreateSiteAsync(_admin, "SITEA", lanes: 3);
        await PushAuditAsync(a.Lanes[0], "SITEA", 1, 2, 3);
        await PushAuditAsync(a.Lanes[1], "SITEA", 1, 2, 3, 5, 6);

        IReadOnlyList<LaneAuditStatus> status = (await M.ListLaneAuditStatusAsync(_admin.Session, "SITEA")).Value!;
        LaneAuditStatus whole = status.Single(s => s.TerminalId == a.Lanes[0].TerminalId);
        LaneAuditStatus gap = status.Single(s => s.TerminalId == a.Lanes[1].TerminalId);
        LaneAuditStatus none = status.Single(s => s.TerminalId == a.Lanes[2].TerminalId);
        Assert.Equal((3L, (long?)1, (long?)3, true), (whole.RecordsHeld, whole.FirstSequence, whole.LastSequence, whole.IsContiguous));
        Assert.Equal((5L, (long?)4, false), (gap.RecordsHeld, gap.FirstMissingSequence, gap.IsContiguous));
        Assert.Equal((0L, (long?)null), (none.RecordsHeld, none.FirstSequence));

        // The lane sends the missing record: whole again.
        await PushAuditAsync(a.Lanes[1], "SITEA", 4);
        Assert.True((await M.ListLaneAuditStatusAsync(_admin.Session, "SITEA")).Value!.Single(s => s.TerminalId == a.Lanes[1].TerminalId).IsContiguous);
        Assert.NotNull((await M.ListTerminalStatusAsync(_admin.Session, "SITEA")).Value!.Single(t => t.Terminal.TerminalId == a.Lanes[1].TerminalId).LastAuditPushAt);
    }

    [Fact]
    public async Task ResetUserPassword_EndsTheirSessions_TheOldPasswordFails_TheNewOneMustBeChanged_AndOnlyHeadOfficeMay()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        BackOfficeSession manager = await CreateManagerAsync("mgr.a", "SITEA");
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await M.ResetUserPasswordAsync(manager, "admin")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await M.ResetUserPasswordAsync(_admin.Session, "admin")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await M.ResetUserPasswordAsync(_admin.Session, "nobody")).Error?.Code);

        BackOfficeResult<string> reset = await M.ResetUserPasswordAsync(_admin.Session, "mgr.a");
        Assert.True(reset.Succeeded, reset.Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.Unauthenticated, (await M.ListSitesAsync(manager)).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.InvalidCredentials, (await _host.Authentication.SignInAsync("mgr.a", ManagerPassword, null)).Error?.Code);
        BackOfficeSignIn again = (await _host.Authentication.SignInAsync("mgr.a", reset.Value!, null)).Value!;
        Assert.True(again.Session.MustChangePassword);
        Assert.Equal(BackOfficeErrorCodes.PasswordChangeRequired, (await M.ListSitesAsync(again.Session)).Error?.Code);

        string trail = JsonSerializer.Serialize((await M.QueryAuditAsync(_admin.Session, new BackOfficeAuditQuery { MaxCount = 1000 })).Value!.Entries);
        Assert.Contains("initial_password_issued", trail, StringComparison.Ordinal);
        Assert.DoesNotContain(reset.Value!, trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetUserSecondFactor_RemovesTheEnrolment_EndsTheirSessions_AndOnlyHeadOfficeMay()
    {
        await _host.CreateSiteAsync(_admin, "SITEA");
        BackOfficeSession manager = await CreateManagerAsync("mgr.a", "SITEA");
        TotpEnrolment enrolment = (await _host.Authentication.BeginTotpEnrolmentAsync(manager)).Value!;
        byte[] secret = Totp.FromBase32(enrolment.SecretBase32);
        Assert.True((await _host.Authentication.ConfirmTotpAsync(manager, Totp.Compute(secret, Totp.StepOf(_host.Time.GetUtcNow())))).Succeeded);
        Assert.True((await M.ListUsersAsync(_admin.Session)).Value!.Single(u => u.UserId == "mgr.a").SecondFactorEnabled);
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await M.ResetUserSecondFactorAsync(manager, "admin")).Error?.Code);

        _host.Time.Advance(TimeSpan.FromSeconds(31));
        BackOfficeSession withCode = (await _host.Authentication.SignInAsync("mgr.a", ManagerPassword, Totp.Compute(secret, Totp.StepOf(_host.Time.GetUtcNow())))).Value!.Session;
        Assert.True((await M.ResetUserSecondFactorAsync(_admin.Session, "mgr.a")).Succeeded);
        Assert.False((await M.ListUsersAsync(_admin.Session)).Value!.Single(u => u.UserId == "mgr.a").SecondFactorEnabled);
        Assert.Equal(BackOfficeErrorCodes.Unauthenticated, (await M.ListSitesAsync(withCode)).Error?.Code);
    }

    // ---- helpers ----

    private const string ManagerPassword = "Maple-Harbour-Kite-93";

    private async Task<BackOfficeSession> CreateManagerAsync(string userId, params string[] sites)
    {
        string initial = (await M.CreateUserAsync(_admin.Session, userId, BackOfficeUserKind.StoreManager, sites)).Value!;
        BackOfficeSession session = (await _host.Authentication.SignInAsync(userId, initial, null)).Value!.Session;
        BackOfficeResult changed = await _host.Authentication.ChangePasswordAsync(session, initial, ManagerPassword);
        Assert.True(changed.Succeeded, changed.Error?.Code);
        return session;
    }

    private async Task<ChargeResponse> ChargeAsync(LaneRegistration lane, string site, string operatorId)
    {
        (int status, _, string body) = await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, lane, HttpMethod.Post, LaneProtocol.ChargesPath(site), LaneRequests.ChargeBody(operatorId)));
        Assert.Equal(200, status);
        return LaneRequests.Read(body, LaneJsonContext.Default.ChargeResponse);
    }

    /// <summary>Charges without refunding (every guess wrong) until the site budget refuses; returns how many were allowed.</summary>
    private async Task<int> ChargeUntilRefusedAsync(LaneRegistration lane, string site, string operatorId)
    {
        int allowed = 0;
        while ((await ChargeAsync(lane, site, operatorId)).Allowed)
        {
            Assert.True(++allowed <= 20, "the site budget never locked");
        }

        return allowed;
    }

    private async Task PushAuditAsync(LaneRegistration lane, string site, params long[] sequences)
    {
        var push = new AuditPushRequest
        {
            Records = [.. sequences.Select(s => new LaneAuditRecord { Sequence = s, Type = (int)Enum.GetValues<PosAuth.AuditEventType>()[0], Timestamp = _host.Time.GetUtcNow().ToUnixTimeMilliseconds(), Code = "test" })],
        };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(push, LaneJsonContext.Default.AuditPushRequest);
        Assert.Equal(200, (await LaneRequests.SendAsync(_host, LaneRequests.Signed(_host, lane, HttpMethod.Post, LaneProtocol.AuditPath(site), body))).Status);
    }
}

/// <summary><see cref="ConsoleManagementTests"/> on SQLite.</summary>
public sealed class ConsoleManagementSqliteTests : ConsoleManagementTests
{
    protected override Task<BackOfficeHost> StartAsync() => BackOfficeHost.StartSqliteAsync();
}

/// <summary><see cref="ConsoleManagementTests"/> on PostgreSQL (POSAUTH_TEST_POSTGRES; fails, never skips, without a server).</summary>
public sealed class ConsoleManagementPostgresTests : ConsoleManagementTests
{
    protected override async Task<BackOfficeHost> StartAsync()
    {
        string? cs = Environment.GetEnvironmentVariable("POSAUTH_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(cs), "The PostgreSQL tests need a server and POSAUTH_TEST_POSTGRES is not set. Run `eval \"$(bash eng/postgres.sh start)\"` or `bash eng/test.sh`.");
        return await BackOfficeHost.StartPostgresAsync(cs!, "bo_" + Guid.NewGuid().ToString("N")[..12]);
    }
}
