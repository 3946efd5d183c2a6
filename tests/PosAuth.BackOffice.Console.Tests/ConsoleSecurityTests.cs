using System.Net;
using System.Text.RegularExpressions;
using PosAuth.BackOffice.Console.Tests.TestSupport;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>
/// The page's own security over real HTTP on 127.0.0.1: anti-forgery on every form post, a store manager confined to
/// their site by the server (not by what the page shows), the session cookie's flags, the Content-Security-Policy.
/// </summary>
public sealed partial class ConsoleSecurityTests : IAsyncLifetime
{
    private const string AdminPassword = "Correct7Horse-Battery";
    private const string ManagerPassword = "Managers-Own-Pass-9";
    private ConsoleServer _server = null!;
    private BackOfficeSession _admin = null!;
    private ConsoleHttp _adminHttp = null!;
    private string _managerInitial = null!;

    public async Task InitializeAsync()
    {
        _server = await ConsoleServer.StartAsync();
        IBackOfficeAuthentication auth = _server.Authentication;
        IBackOfficeManagement m = _server.Management;

        // The administrator, through the real flow (initial password, change, TOTP), then two sites with a lane and an
        // operator each, and a store manager of site A only.
        BackOfficeSignIn first = (await auth.SignInAsync("admin", _server.InitialPassword, null)).Value!;
        Assert.True((await auth.ChangePasswordAsync(first.Session, _server.InitialPassword, AdminPassword)).Succeeded);
        TotpEnrolment enrolment = (await auth.BeginTotpEnrolmentAsync(first.Session)).Value!;
        byte[] totp = Totp.FromBase32(enrolment.SecretBase32);
        Assert.True((await auth.ConfirmTotpAsync(first.Session, Totp.Compute(totp, Totp.StepOf(_server.Time.GetUtcNow())))).Succeeded);
        _server.Time.Advance(TimeSpan.FromSeconds(31));
        BackOfficeSignIn signIn = (await auth.SignInAsync("admin", AdminPassword, Totp.Compute(totp, Totp.StepOf(_server.Time.GetUtcNow())))).Value!;
        _admin = signIn.Session;
        foreach (string site in new[] { "SITEA", "SITEB" })
        {
            Assert.True((await m.CreateSiteAsync(_admin, site, "Store " + site)).Succeeded);
            Assert.True((await m.RegisterTerminalAsync(_admin, site, site + "L1", "SN-" + site)).Succeeded);
            using TemporaryPin pin = (await m.CreateOperatorAsync(_admin, site, site == "SITEA" ? "1001" : "2001", OperatorRole.Operator, "Cashier " + site)).Value!;
        }

        _managerInitial = (await m.CreateUserAsync(_admin, "mgr-a", BackOfficeUserKind.StoreManager, ["SITEA"])).Value!;

        // The administrator's browser-less session on the pages (second sign-in needs a fresh code).
        _server.Time.Advance(TimeSpan.FromSeconds(31));
        _adminHttp = new ConsoleHttp(_server);
        await _adminHttp.SignInAsync("admin", AdminPassword, code: Totp.Compute(totp, Totp.StepOf(_server.Time.GetUtcNow())));
    }

    public async Task DisposeAsync()
    {
        _adminHttp.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<long> EpochAsync(string site, string op) =>
        (await _server.Management.ListOperatorsAsync(_admin, site)).Value!.Single(o => o.OperatorId == op).CredentialEpoch;

    private async Task<int> AuditCountAsync() => (await _server.Management.ReadAuditAsync(_admin, null, 0, 1000)).Value!.Count;

    // ---- anti-forgery ----

    [Fact]
    public async Task Reset_WithoutAntiforgeryToken_IsRefused400_AndChangesNothing()
    {
        long epoch = await EpochAsync("SITEA", "1001");
        int audit = await AuditCountAsync();
        await _adminHttp.GetAsync("/sites/SITEA/operators");
        var (status, body, _) = await _adminHttp.PostAsync("/sites/SITEA/operators/1001/reset", token: ConsoleHttp.NoToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Texts.En["error.antiforgery"], body, StringComparison.Ordinal);
        Assert.Equal(epoch, await EpochAsync("SITEA", "1001"));
        Assert.Equal(audit, await AuditCountAsync());

        // The control: the same post with the page's token resets (so the refusal above was the token's doing).
        (status, body, _) = await _adminHttp.PostAsync("/sites/SITEA/operators/1001/reset");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"temporary-pin\"", body, StringComparison.Ordinal);
        Assert.Equal(epoch + 1, await EpochAsync("SITEA", "1001"));
    }

    [Fact]
    public async Task Post_WithAnotherBrowsersToken_IsRefused400_AndChangesNothing()
    {
        // A forged form carries a token the attacker got from their own visit: it does not match this victim's cookie.
        using var attacker = new ConsoleHttp(_server);
        await attacker.GetAsync("/signin");
        long epoch = await EpochAsync("SITEA", "1001");
        var (status, _, _) = await _adminHttp.PostAsync("/sites/SITEA/operators/1001/reset", token: attacker.Token);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(epoch, await EpochAsync("SITEA", "1001"));
    }

    [Theory]
    [InlineData("/sites", "site=EVIL&name=Evil")]
    [InlineData("/sites/SITEA/operators", "operator=6666&role=Operator")]
    [InlineData("/sites/SITEA/terminals", "terminal=EVILL1&serial=X")]
    [InlineData("/sites/SITEA/operators/1001/disable", "")]
    [InlineData("/sites/SITEA/operators/1001/unlock", "")]
    [InlineData("/sites/SITEA/terminals/SITEAL1/disable", "")]
    [InlineData("/offline-unlock", "site=SITEA&lane=SITEAL1&operator=1001&challenge=12345678")]
    [InlineData("/users", "user=evil&kind=HeadOfficeAdministrator&sites=")]
    [InlineData("/users/mgr-a/reset-password", "")]
    [InlineData("/users/mgr-a/reset-second-factor", "")]
    [InlineData("/users/mgr-a/disable", "")]
    [InlineData("/signout", "")]
    [InlineData("/language", "to=zh-CN&back=/")]
    public async Task EveryFormPost_WithoutToken_IsRefused400_AndNothingIsAudited(string path, string fields)
    {
        int audit = await AuditCountAsync();
        var pairs = fields.Length == 0 ? [] : fields.Split('&').Select(f => f.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
        var (status, _, response) = await _adminHttp.PostAsync(path, pairs, ConsoleHttp.NoToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(ConsoleApp.LanguageCookie, StringComparison.Ordinal)));
        Assert.Equal(audit, await AuditCountAsync());
        Assert.Equal(2, (await _server.Management.ListSitesAsync(_admin)).Value!.Count);
        Assert.Single((await _server.Management.ListOperatorsAsync(_admin, "SITEA")).Value!);
        Assert.Equal(2, (await _server.Management.ListUsersAsync(_admin)).Value!.Count(u => !u.Disabled));
        Assert.DoesNotContain((await _server.Management.ListTerminalsAsync(_admin, "SITEA")).Value!, t => t.Disabled || t.TerminalId == "EVILL1");

        // Still signed in: the refused sign-out did not end the session.
        Assert.Equal(HttpStatusCode.OK, (await _adminHttp.GetAsync("/sites")).Status);
    }

    // ---- a store manager and another site ----

    private async Task<ConsoleHttp> ManagerAsync()
    {
        var manager = new ConsoleHttp(_server);
        await manager.SignInAsync("mgr-a", _managerInitial, ManagerPassword);
        return manager;
    }

    [Fact]
    public async Task StoreManager_SeesOwnSiteOnly()
    {
        using ConsoleHttp manager = await ManagerAsync();
        var (status, body, _) = await manager.GetAsync("/sites");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-site=\"SITEA\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SITEB", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/sites/SITEA/operators")).Status);

        foreach (string path in new[] { "/sites/SITEB", "/sites/SITEB/operators", "/audit?site=SITEB", "/audit.csv?site=SITEB", "/lockouts?site=SITEB" })
        {
            (status, body, _) = await manager.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain("2001", body, StringComparison.Ordinal);
            Assert.DoesNotContain("SITEBL1", body, StringComparison.Ordinal);
        }

        // The unfiltered ledger and the lockouts page hold nothing of site B either.
        foreach (string path in new[] { "/audit", "/audit.csv", "/lockouts" })
        {
            (status, body, _) = await manager.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("SITEB", body, StringComparison.Ordinal);
            Assert.DoesNotContain("2001", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/audit?operator=11111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("/audit.csv?site=SITEB&site=SITEA")]
    [InlineData("/audit?event=NoSuchEvent")]
    [InlineData("/audit?event=1031")]
    [InlineData("/audit?from=yesterday")]
    [InlineData("/audit.csv?before=0")]
    [InlineData("/audit?operator=1001%27%20OR%201%3D1")]
    public async Task Audit_AMalformedOrOverlongFilter_Is400_NeverSilentlyDropped(string path)
    {
        // A filter the page cannot apply is refused, never ignored (which would show more than was asked for).
        var (status, body, _) = await _adminHttp.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("id=\"audit\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreManager_CannotActOnAnotherSite_EvenWithAValidToken()
    {
        using ConsoleHttp manager = await ManagerAsync();
        await manager.GetAsync("/sites/SITEA/operators");
        long epoch = await EpochAsync("SITEB", "2001");
        var posts = new (string Path, KeyValuePair<string, string>[] Fields)[]
        {
            ("/sites/SITEB/operators/2001/reset", []),
            ("/sites/SITEB/operators/2001/disable", []),
            ("/sites/SITEB/operators/2001/unlock", []),
            ("/sites/SITEB/operators", [new("operator", "6666"), new("role", "Operator")]),
            ("/sites/SITEB/terminals", [new("terminal", "EVILL1"), new("serial", "X")]),
            ("/sites/SITEB/terminals/SITEBL1/disable", []),
            ("/sites/SITEA/terminals/SITEBL1/disable", []),
            ("/offline-unlock", [new("site", "SITEB"), new("lane", "SITEBL1"), new("operator", "2001"), new("challenge", "12345678")]),
            ("/sites", [new("site", "EVIL"), new("name", "Evil")]),
        };
        foreach ((string path, KeyValuePair<string, string>[] fields) in posts)
        {
            var (status, body, _) = await manager.PostAsync(path, fields);
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{path}: {(int)status}");
            Assert.DoesNotContain("temporary-pin", body, StringComparison.Ordinal);
            Assert.DoesNotContain("unlock-response", body, StringComparison.Ordinal);
        }

        Assert.Equal(epoch, await EpochAsync("SITEB", "2001"));
        OperatorInfo b = (await _server.Management.ListOperatorsAsync(_admin, "SITEB")).Value!.Single();
        Assert.False(b.Disabled);
        Assert.Single((await _server.Management.ListTerminalsAsync(_admin, "SITEB")).Value!, t => !t.Disabled);
        Assert.Equal(2, (await _server.Management.ListSitesAsync(_admin)).Value!.Count);

        // The control: on the manager's own site the same reset works.
        var (okStatus, okBody, _) = await manager.PostAsync("/sites/SITEA/operators/1001/reset");
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Contains("id=\"temporary-pin\"", okBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedOut_EveryPageRedirectsToSignIn_AndEveryPostChangesNothing()
    {
        using var anonymous = new ConsoleHttp(_server);
        foreach (string path in new[] { "/sites", "/sites/SITEA", "/sites/SITEA/operators", "/lockouts", "/audit", "/audit.csv", "/offline-unlock", "/users" })
        {
            var (status, _, response) = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal("/signin", response.Headers.Location!.OriginalString);
        }

        await anonymous.GetAsync("/signin");
        long epoch = await EpochAsync("SITEA", "1001");
        var (postStatus, _, postResponse) = await anonymous.PostAsync("/sites/SITEA/operators/1001/reset");
        Assert.Equal(HttpStatusCode.Redirect, postStatus);
        Assert.Equal("/signin", postResponse.Headers.Location!.OriginalString);
        Assert.Equal(epoch, await EpochAsync("SITEA", "1001"));
    }

    [Fact]
    public async Task SessionCookie_DoesNotAuthoriseTheManagementApi()
    {
        // The bearer API never reads the cookie: a cross-site request riding on it gets 401 and changes nothing.
        long epoch = await EpochAsync("SITEA", "1001");
        var (status, _, _) = await _adminHttp.PostAsync("/api/sites/SITEA/operators/1001/reset", token: ConsoleHttp.NoToken);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(epoch, await EpochAsync("SITEA", "1001"));
    }

    [Fact]
    public async Task SignIn_AfterTenFailures_ShowsTheLockout_WithTheMinutesLeft_AndRefusesTheRightPassword()
    {
        using var client = new ConsoleHttp(_server);
        await client.GetAsync("/signin");
        for (int i = 0; i < 9; i++)
        {
            var (failed, body, _) = await client.PostAsync("/signin", [new("user", "mgr-a"), new("password", "wrong-password-" + i), new("code", "")]);
            Assert.Equal(HttpStatusCode.Unauthorized, failed);
            Assert.Contains(Texts.En["signin.invalid"], body, StringComparison.Ordinal);
        }

        // The tenth failure locks (PCI DSS 8.3.4: 10 → 30 minutes), and says so; then even the right password is refused.
        DateTimeOffset until = _server.Time.GetUtcNow().AddMinutes(30);
        var (tenth, tenthPage, _) = await client.PostAsync("/signin", [new("user", "mgr-a"), new("password", "wrong-password-9"), new("code", "")]);
        Assert.Equal((HttpStatusCode)429, tenth);
        Assert.Contains(Texts.En.Format("signin.locked", 30, until.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), tenthPage, StringComparison.Ordinal);
        var (status, page, response) = await client.PostAsync("/signin", [new("user", "mgr-a"), new("password", _managerInitial), new("code", "")]);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.Contains(Texts.En.Format("signin.locked", 30, until.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), page, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? cookies) && cookies.Any(c => c.StartsWith(ConsoleApp.SessionCookie, StringComparison.Ordinal)));

        // Twenty minutes later: ten minutes left, still locked.
        _server.Time.Advance(TimeSpan.FromMinutes(20));
        (status, page, _) = await client.PostAsync("/signin", [new("user", "mgr-a"), new("password", _managerInitial), new("code", "")]);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.Contains(Texts.En.Format("signin.locked", 10, until.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), page, StringComparison.Ordinal);
    }

    // ---- cookies, headers, secrets ----

    [Fact]
    public async Task SessionCookie_IsHttpOnly_SameSiteStrict_AndNotReadableFromTheUrl()
    {
        using var client = new ConsoleHttp(_server);
        await client.GetAsync("/signin");
        var (_, _, response) = await client.PostAsync("/signin", [new("user", "mgr-a"), new("password", _managerInitial), new("code", "")]);
        string cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleApp.SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // Over plain HTTP on loopback the cookie cannot be Secure; behind TLS it is (Secure = Request.IsHttps; README).
        Assert.DoesNotContain("secure", cookie.Replace("samesite=strict", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_managerInitial, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        string afCookie = client.Cookies.GetAllCookies().Single(c => c.Name == ConsoleApp.AntiforgeryCookie).ToString();
        Assert.NotEmpty(afCookie);
    }

    [Fact]
    public async Task SecretsShownOnce_AreInThePostResponse_NotARedirect_AndNeverCached()
    {
        await _adminHttp.GetAsync("/sites/SITEA/operators");
        var (status, body, response) = await _adminHttp.PostAsync("/sites/SITEA/operators/1001/reset");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(response.Headers.Location);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Match pin = PinOutput().Match(body);
        Assert.True(pin.Success);

        (status, body, response) = await _adminHttp.PostAsync("/sites/SITEA/terminals", [new("terminal", "SITEAL2"), new("serial", "SN-2")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(response.Headers.Location);
        Assert.Contains("id=\"lane-secret\"", body, StringComparison.Ordinal);

        // A later GET of the page does not show the PIN again.
        (_, body, _) = await _adminHttp.GetAsync("/sites/SITEA/operators");
        Assert.DoesNotContain(pin.Groups[1].Value, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_HasAStrictCsp_AndNoInlineScriptOrStyle()
    {
        using ConsoleHttp manager = await ManagerAsync();
        foreach (string path in new[] { "/signin", "/sites", "/sites/SITEA", "/sites/SITEA/operators", "/lockouts", "/audit", "/offline-unlock", "/sites/SITEB", "/users" })
        {
            var (_, body, response) = await manager.GetAsync(path);
            string csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Equal(ConsoleApp.ContentSecurityPolicy, csp);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

            // Every script has a src; no element has an inline handler or a style attribute; every POST form has a token.
            Assert.DoesNotMatch(InlineScript(), body);
            Assert.DoesNotMatch(InlineHandler(), body);
            Assert.DoesNotContain(" style=", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", body, StringComparison.OrdinalIgnoreCase);
            int forms = Regex.Matches(body, "<form method=\"post\"").Count;
            int tokens = Regex.Matches(body, "<form method=\"post\"[^>]*><input type=\"hidden\" name=\"__af\" value=\"[^\"]+\">").Count;
            Assert.Equal(forms, tokens);
        }
    }

    [Fact]
    public async Task Language_Redirect_IsLocalOnly()
    {
        await _adminHttp.GetAsync("/sites");
        foreach (string back in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var (status, _, response) = await _adminHttp.PostAsync("/language", [new("to", "zh-CN"), new("back", back)]);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("id=\"temporary-pin\" class=\"secret-value\">([0-9]+)<")]
    private static partial Regex PinOutput();
}
