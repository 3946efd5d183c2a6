using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.OfflineUnlock;

namespace PosAuth.BackOffice.Tests.Users;

/// <summary>Back-office users: PCI DSS passwords, lockout, forced change, TOTP, the permission table, audit, unused accounts.</summary>
public sealed class BackOfficeUserTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;
    private AdminSession _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await BackOfficeHost.StartSqliteAsync();
        _admin = await _host.CreateAdministratorAsync();
        await _host.CreateSiteAsync(_admin, "SITEA");
        await _host.CreateSiteAsync(_admin, "SITEB", operatorId: "2001");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IBackOfficeAuthentication Auth => _host.Authentication;

    private IBackOfficeManagement Mgmt => _host.Management;

    [Theory]
    [InlineData("Short1pass", "too_short")]
    [InlineData("Password1234!", "blocklisted")]
    [InlineData("Qwertyuiop12", "blocklisted")]
    [InlineData("onlyletterslong", "needs_letters_and_digits")]
    [InlineData("manager1-Is-Here42", "contains_user_name")]
    public async Task ChangePassword_RefusesWeakPasswords_WithTheReason(string password, string reason)
    {
        (BackOfficeSession session, string initial) = await NewManagerAsync("manager1");
        BackOfficeResult result = await Auth.ChangePasswordAsync(session, initial, password);
        Assert.False(result.Succeeded);
        Assert.Equal(BackOfficeErrorCodes.PasswordRejected, result.Error!.Code);
        Assert.Contains(reason, result.Error.Reasons!);
        Assert.DoesNotContain(password, result.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitialPassword_MustBeChanged_BeforeAnyManagementAction()
    {
        (BackOfficeSession session, string initial) = await NewManagerAsync("manager2");
        Assert.True(session.MustChangePassword);
        BackOfficeResult<IReadOnlyList<OperatorInfo>> refused = await Mgmt.ListOperatorsAsync(session, "SITEA");
        Assert.Equal(BackOfficeErrorCodes.PasswordChangeRequired, refused.Error?.Code);

        Assert.True((await Auth.ChangePasswordAsync(session, initial, "Tangerine-Lamp-2291")).Succeeded);
        Assert.True((await Mgmt.ListOperatorsAsync(session, "SITEA")).Succeeded);
    }

    [Fact]
    public async Task HeadOfficeAdministrator_WithoutSecondFactor_IsRefusedEveryAction_StoreManagerIsNot()
    {
        BackOfficeResult<string> created = await Mgmt.CreateUserAsync(_admin.Session, "admin9", BackOfficeUserKind.HeadOfficeAdministrator, []);
        BackOfficeSignIn first = (await Auth.SignInAsync("admin9", created.Value!, null)).Value!;
        Assert.True((await Auth.ChangePasswordAsync(first.Session, created.Value!, "Tangerine-Lamp-2291")).Succeeded);
        Assert.Equal(BackOfficeErrorCodes.SecondFactorEnrolmentRequired, (await Mgmt.ListSitesAsync(first.Session)).Error?.Code);

        (BackOfficeSession manager, string initial) = await NewManagerAsync("manager3");
        Assert.True((await Auth.ChangePasswordAsync(manager, initial, "Tangerine-Lamp-2291")).Succeeded);
        Assert.True((await Mgmt.ListSitesAsync(manager)).Succeeded);
    }

    [Fact]
    public async Task SecondFactor_OnceEnrolled_IsRequiredAtSignIn_AndACodeWorksOnce()
    {
        Assert.Equal(BackOfficeErrorCodes.SecondFactorInvalid, (await Auth.SignInAsync("admin", _admin.Password, null)).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.SecondFactorInvalid, (await Auth.SignInAsync("admin", _admin.Password, "000000")).Error?.Code);

        // The code used by CreateAdministratorAsync's sign-in is spent; the next step's code works once.
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        string code = Totp.Compute(_admin.TotpSecret, Totp.StepOf(_host.Time.GetUtcNow()));
        Assert.True((await Auth.SignInAsync("admin", _admin.Password, code)).Succeeded);
        Assert.Equal(BackOfficeErrorCodes.SecondFactorInvalid, (await Auth.SignInAsync("admin", _admin.Password, code)).Error?.Code);
    }

    [Fact]
    public async Task TenWrongPasswords_LockTheUserFor30Minutes_EvenTheRightOne()
    {
        (BackOfficeSession session, string initial) = await NewManagerAsync("manager4");
        Assert.True((await Auth.ChangePasswordAsync(session, initial, "Tangerine-Lamp-2291")).Succeeded);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(BackOfficeErrorCodes.InvalidCredentials, (await Auth.SignInAsync("manager4", "Wrong-Password-" + i, null)).Error?.Code);
        }

        // The tenth failure applies the lock and says so.
        Assert.Equal(BackOfficeErrorCodes.LockedOut, (await Auth.SignInAsync("manager4", "Wrong-Password-9", null)).Error?.Code);

        BackOfficeResult<BackOfficeSignIn> locked = await Auth.SignInAsync("manager4", "Tangerine-Lamp-2291", null);
        Assert.Equal(BackOfficeErrorCodes.LockedOut, locked.Error?.Code);
        Assert.True(locked.Error!.LockedUntil >= _host.Time.GetUtcNow().AddMinutes(29));

        _host.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(BackOfficeErrorCodes.LockedOut, (await Auth.SignInAsync("manager4", "Tangerine-Lamp-2291", null)).Error?.Code);
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await Auth.SignInAsync("manager4", "Tangerine-Lamp-2291", null)).Succeeded);
    }

    [Fact]
    public async Task NineWrongPasswords_ThenTheRightOne_SignsIn()
    {
        (BackOfficeSession session, string initial) = await NewManagerAsync("manager5");
        Assert.True((await Auth.ChangePasswordAsync(session, initial, "Tangerine-Lamp-2291")).Succeeded);
        for (int i = 0; i < 9; i++)
        {
            await Auth.SignInAsync("manager5", "Wrong-Password-" + i, null);
        }

        Assert.True((await Auth.SignInAsync("manager5", "Tangerine-Lamp-2291", null)).Succeeded);
    }

    [Fact]
    public async Task StoreManager_SeesOnlyTheirSites_AndCannotDoHeadOfficeActions_AllAuditedWithTheActor()
    {
        BackOfficeSession manager = await ReadyManagerAsync("manager6");

        // Another site is not found (a manager cannot even learn it exists).
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await Mgmt.ListOperatorsAsync(manager, "SITEB")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.NotFound, (await Mgmt.ResetOperatorPinAsync(manager, "SITEB", "2001")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await Mgmt.CreateSiteAsync(manager, "SITEC", "C")).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await Mgmt.CreateUserAsync(manager, "evil", BackOfficeUserKind.HeadOfficeAdministrator, [])).Error?.Code);
        Assert.Equal(BackOfficeErrorCodes.Forbidden, (await Mgmt.CreateOperatorAsync(manager, "SITEA", "9999", OperatorRole.Administrator, null)).Error?.Code);
        BackOfficeResult<IReadOnlyList<SiteInfo>> sites = await Mgmt.ListSitesAsync(manager);
        Assert.Equal(["SITEA"], sites.Value!.Select(s => s.Site));

        // Their own site works, and every action and refusal is in the audit trail with the acting user.
        BackOfficeResult<TemporaryPin> reset = await Mgmt.ResetOperatorPinAsync(manager, "SITEA", "1001");
        Assert.True(reset.Succeeded);
        reset.Value!.Dispose();
        List<BackOfficeAuditEntry> audit = await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.OperatorPinReset && e.Actor == "user:manager6" && e.Site == "SITEA" && e.OperatorId == "1001");
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.ManagementDenied && e.Actor == "user:manager6" && e.Site == "SITEB");
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.ManagementDenied && e.Actor == "user:manager6" && e.Detail == "action=create_site");
        Assert.True((await _host.Store.VerifyAuditAsync(CancellationToken.None)).IsValid);
    }

    [Fact]
    public async Task Reset_BumpsTheEpoch_IssuesATemporaryPinOnce_AndNeverAuditsIt()
    {
        long before = (await Mgmt.ListOperatorsAsync(_admin.Session, "SITEA")).Value!.Single().CredentialEpoch;
        BackOfficeResult<TemporaryPin> reset = await Mgmt.ResetOperatorPinAsync(_admin.Session, "SITEA", "1001");
        using TemporaryPin pin = reset.Value!;
        string digits = new(pin.AsSpan());
        OperatorInfo after = (await Mgmt.ListOperatorsAsync(_admin.Session, "SITEA")).Value!.Single();
        Assert.Equal(before + 1, after.CredentialEpoch);
        Assert.True(after.MustChangePin);
        Assert.DoesNotContain(digits, pin.ToString(), StringComparison.Ordinal);
        foreach (BackOfficeAuditEntry e in await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None))
        {
            Assert.DoesNotContain(digits, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disable_BumpsTheEpoch_AndIsAudited()
    {
        long before = (await Mgmt.ListOperatorsAsync(_admin.Session, "SITEA")).Value!.Single().CredentialEpoch;
        Assert.True((await Mgmt.SetOperatorDisabledAsync(_admin.Session, "SITEA", "1001", disabled: true)).Succeeded);
        OperatorInfo after = (await Mgmt.ListOperatorsAsync(_admin.Session, "SITEA")).Value!.Single();
        Assert.True(after.Disabled);
        Assert.Equal(before + 1, after.CredentialEpoch);
        List<BackOfficeAuditEntry> audit = await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.OperatorDisabledChanged && e.Actor == "user:admin" && e.Code == "disabled");
    }

    [Fact]
    public async Task OfflineUnlockResponse_IsTheOneTheLaneExpects_AndIsAuditedWithoutTheResponse()
    {
        byte[] master = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using BackOfficeHost host = await BackOfficeHost.StartSqliteAsync(o => o.OfflineUnlockMasterKey = master);
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, "SITEA");
        string terminal = site.Lanes[0].TerminalId;

        // The lane side: its key derived from the same master and its serial, a challenge it issued.
        byte[] laneKey = UnlockKeyDerivation.DeriveTerminalKey(master, "SN-SITEA-1");
        var challenge = OfflineUnlockChallenge.Issue(terminal, "1001", host.Time);
        BackOfficeResult<string> response = await host.Management.ComputeOfflineUnlockResponseAsync(admin.Session, "SITEA", terminal, "1001", challenge.Challenge);
        Assert.True(response.Succeeded, response.Error?.Code);
        Assert.True(OfflineUnlockCalculator.VerifyResponse(laneKey, challenge, response.Value));

        // Another operator's challenge does not verify with this response.
        var other = new OfflineUnlockChallenge(challenge.Challenge, terminal, "1002", challenge.IssuedAt, challenge.ExpiresAt);
        Assert.False(OfflineUnlockCalculator.VerifyResponse(laneKey, other, response.Value));

        List<BackOfficeAuditEntry> audit = await host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        BackOfficeAuditEntry issued = Assert.Single(audit, e => e.Type == BackOfficeAuditEventType.OfflineUnlockResponseIssued);
        Assert.Equal("user:admin", issued.Actor);
        Assert.DoesNotContain(response.Value!, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusedAccounts_After90Days_AreDisabled_Audited_Listed_ButNotBefore()
    {
        // The hosted maintenance service sweeps on the same manual clock (its timer fires as the clock moves); the
        // explicit call makes sure a sweep has completed before the state is read. The state is what counts.
        IBackOfficeMaintenance maintenance = _host.Services.GetRequiredServiceFromTest<IBackOfficeMaintenance>();
        await ReadyManagerAsync("manager7");
        _host.Time.Advance(TimeSpan.FromDays(89));
        await maintenance.DisableUnusedAccountsAsync();
        Assert.False((await _host.Store.GetOperatorAsync("SITEA", "1001", CancellationToken.None))!.Disabled);
        Assert.False((await _host.Store.GetUserAsync("manager7", CancellationToken.None))!.Disabled);
        Assert.DoesNotContain(await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None), e => e.Type == BackOfficeAuditEventType.UnusedAccountDisabled);

        _host.Time.Advance(TimeSpan.FromDays(2));
        await maintenance.DisableUnusedAccountsAsync();
        IReadOnlyList<UnusedAccount> review = await UnusedNowAsync();
        Assert.Contains(review, a => a.Kind == "operator" && a.Site == "SITEA" && a.Id == "1001");
        Assert.Contains(review, a => a.Kind == "operator" && a.Site == "SITEB" && a.Id == "2001");
        Assert.Contains(review, a => a.Kind == "user" && a.Id == "manager7");

        // The last head-office administrator is never disabled (the chain would lock itself out): it is flagged instead.
        Assert.DoesNotContain(review, a => a.Id == "admin");
        List<BackOfficeAuditEntry> audit = await _host.Store.ReadAuditAsync(null, true, 0, 1000, CancellationToken.None);
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.UnusedAccountDisabled && e.OperatorId == "1001" && e.Actor == "system");
        Assert.Contains(audit, e => e.Type == BackOfficeAuditEventType.UnusedAccountDisabled && e.Code == "unused_kept_last_administrator");
        Assert.Equal(BackOfficeErrorCodes.AccountDisabled, (await Auth.SignInAsync("manager7", "Tangerine-Lamp-2291", null)).Error?.Code);
        Assert.True((await _host.Store.VerifyAuditAsync(CancellationToken.None)).IsValid);
    }

    /// <summary>The review list, read by the administrator signing in afresh (the clock moved past any session).</summary>
    private async Task<IReadOnlyList<UnusedAccount>> UnusedNowAsync()
    {
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        string code = Totp.Compute(_admin.TotpSecret, Totp.StepOf(_host.Time.GetUtcNow()));
        BackOfficeResult<BackOfficeSignIn> signIn = await Auth.SignInAsync("admin", _admin.Password, code);
        Assert.True(signIn.Succeeded, signIn.Error?.Code);
        return (await Mgmt.ListUnusedAccountsAsync(signIn.Value!.Session)).Value!;
    }

    private async Task<(BackOfficeSession Session, string Initial)> NewManagerAsync(string userId)
    {
        BackOfficeResult<string> created = await Mgmt.CreateUserAsync(_admin.Session, userId, BackOfficeUserKind.StoreManager, ["SITEA"]);
        Assert.True(created.Succeeded, created.Error?.Code);
        BackOfficeResult<BackOfficeSignIn> signIn = await Auth.SignInAsync(userId, created.Value!, null);
        Assert.True(signIn.Succeeded, signIn.Error?.Code);
        return (signIn.Value!.Session, created.Value!);
    }

    private async Task<BackOfficeSession> ReadyManagerAsync(string userId)
    {
        (BackOfficeSession session, string initial) = await NewManagerAsync(userId);
        Assert.True((await Auth.ChangePasswordAsync(session, initial, "Tangerine-Lamp-2291")).Succeeded);
        return session;
    }
}

internal static class ServiceProviderTestExtensions
{
    public static T GetRequiredServiceFromTest<T>(this IServiceProvider services)
        where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(services);
}
