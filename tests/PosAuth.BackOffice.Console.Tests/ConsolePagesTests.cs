using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PosAuth.BackOffice.Console.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>
/// The console's state pages in Debian's Chromium, in English and Chinese, against the sample's back office with lanes
/// on the signed lane API: the terminals' connection and last sync, lockouts now (a locked cashier, unlocked from the
/// page, then accepted by the lane), the audit ledger filtered by operator and exported as CSV with lane chain status,
/// the back-office users page, and a store manager confined to their site even when typing another site's URL.
/// Screenshots at 1280×800 (docs/screenshots via eng/screenshots.sh).
/// </summary>
public sealed class ConsolePagesTests
{
    private const string ManagerPassword = "Willow-Ferry-Lamp-27";

    [Fact]
    public Task Pages_English_Terminals_Lockouts_Audit_Users_StoreManager() => RunAsync("en");

    [Fact]
    public Task Pages_Chinese_Terminals_Lockouts_Audit_Users_StoreManager() => RunAsync("zh-CN");

    private static async Task RunAsync(string language)
    {
        bool zh = language == "zh-CN";
        Texts t = Texts.For(language);
        await using ConsoleServer server = await ConsoleServer.StartAsync();
        await using Browser browser = await Browser.LaunchAsync(server.BaseAddress, zh ? "zh-CN" : "en-US");
        IPage page = await browser.NewPageAsync();
        var shots = new Screenshots(page, language);
        await page.GotoAsync("/signin");
        await ConsoleWalkTests.SignInFirstTimeAsync(page, server, t, null);
        await Expect(page).ToHaveURLAsync(new Regex("/sites$"));

        // Two sites, a lane and a cashier each, made on the pages.
        (TestLane s1, string pin1) = await CreateSiteWithLaneAsync(server, page, "S1", zh ? "上海一号店" : "Shanghai No. 1", "1001", zh ? "王芳" : "Wang Fang");
        (TestLane s2, string pin2) = await CreateSiteWithLaneAsync(server, page, "S2", zh ? "杭州二号店" : "Hangzhou No. 2", "2001", zh ? "李军" : "Li Jun");

        // Sites and terminals: the lane that just synced is online with its last sync; it asked for no attempt lease.
        Assert.Equal(TestLane.SignInOutcome.AcceptedPinChangeOnly, await s1.SignInAsync("1001", pin1));
        await s1.PushAuditAsync(1, 2, 3, 5);
        await page.GotoAsync("/sites/S1");
        ILocator lane = page.Locator("tr[data-terminal='S1L1']");
        await Expect(lane.Locator("td.connection")).ToHaveTextAsync(t["terminals.online"]);
        await Expect(lane.Locator("td.connection")).ToHaveClassAsync(new Regex("online"));
        await Expect(lane.Locator("td.lastsync")).ToHaveTextAsync(server.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(lane.Locator("td.lease")).ToHaveTextAsync(t["terminals.lease.none"]);
        await shots.TakeAsync("10-terminal-state");

        // Two minutes without a request: offline, the last sync kept.
        server.Time.Advance(TimeSpan.FromMinutes(2));
        await page.ReloadAsync();
        await Expect(lane.Locator("td.connection")).ToHaveTextAsync(t["terminals.offline"]);

        // Guesses on each site's lane until the site budget locks the cashier; even the right PIN is refused then.
        await LockAsync(s1, "1001");
        await LockAsync(s2, "2001");
        Assert.Equal(TestLane.SignInOutcome.Locked, await s1.SignInAsync("1001", pin1));

        // Lockouts now: who, where, until when; unlock from the page and the lane accepts the right PIN.
        await page.GotoAsync("/lockouts");
        ILocator locked = page.Locator("#lockouts tr[data-site='S1'][data-operator='1001']");
        await Expect(locked.Locator("td.state")).ToHaveTextAsync(new Regex(Regex.Escape(t["lockouts.state.LockedTemporarily"]) + "|" + Regex.Escape(t["lockouts.state.LockedPermanently"])));
        await Expect(locked).ToContainTextAsync(zh ? "王芳" : "Wang Fang");
        await Expect(locked).ToContainTextAsync(t["lockouts.sitewide"]);
        await Expect(page.Locator("#lockouts tr[data-site='S2'][data-operator='2001']")).ToBeVisibleAsync();
        await shots.TakeAsync("11-lockouts-now");
        await locked.Locator("button.unlock").ClickAsync();
        await Expect(page.Locator(".message.info").Last).ToHaveTextAsync(t.Format("operators.unlocked", "1001"));
        await Expect(page.Locator("#lockouts tr[data-operator='1001']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#lockouts tr[data-operator='2001']")).ToHaveCountAsync(1);
        Assert.Equal(TestLane.SignInOutcome.AcceptedPinChangeOnly, await s1.SignInAsync("1001", pin1));

        // The audit ledger filtered by operator (in the database): only 1001's records; the CSV export is the same view.
        await page.GotoAsync("/audit");
        await page.FillAsync("#f-operator", "1001");
        await page.ClickAsync("#filter");
        await Expect(page).ToHaveURLAsync(new Regex("operator=1001"));
        await Expect(page.Locator("#audit tr[data-event='OperatorUnlocked']").First).ToContainTextAsync("user:admin");
        int rows = await page.Locator("#audit tbody tr").CountAsync();
        Assert.True(rows >= 2);
        foreach (ILocator row in await page.Locator("#audit tbody tr").AllAsync())
        {
            Assert.Equal("1001", (await row.Locator("td").Nth(5).TextContentAsync())?.Trim());
        }

        // Each lane's pushed trail: S1L1 sent 1, 2, 3 and 5, so it is broken at 4; S2L1 has pushed nothing.
        await Expect(page.Locator("#lane-chains tr[data-terminal='S1L1']")).ToHaveClassAsync("bad");
        await Expect(page.Locator("#lane-chains tr[data-terminal='S1L1'] td.chain-state")).ToHaveTextAsync(t.Format("audit.lane.gap", 4, 4));
        await Expect(page.Locator("#lane-chains tr[data-terminal='S2L1']")).ToHaveClassAsync("none");
        await shots.TakeAsync("12-audit-filtered");
        string href = (await page.Locator("#export-csv").GetAttributeAsync("href"))!;
        Assert.Contains("operator=1001", href, StringComparison.Ordinal);
        IAPIResponse csv = await page.APIRequest.GetAsync(href);
        Assert.Equal(200, csv.Status);
        string[] lines = (await csv.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal("1001", l.Split(',')[5]));
        await s1.PushAuditAsync(4);
        await page.ReloadAsync();
        await Expect(page.Locator("#lane-chains tr[data-terminal='S1L1']")).ToHaveClassAsync("ok");

        // Back-office users: create a store manager of S1 (initial password shown once), reset it (a new one).
        await page.GotoAsync("/users");
        await page.FillAsync("#f-user", "mgr-s1");
        await page.SelectOptionAsync("#f-kind", "StoreManager");
        await page.FillAsync("#f-sites", "S1");
        await page.ClickAsync("#create-user");
        string first = (await page.Locator("#initial-password").TextContentAsync())!;
        Assert.Matches("^[A-Za-z0-9]{20}$", first);
        Assert.DoesNotContain(first, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("tr[data-user='mgr-s1'] td.totp")).ToHaveTextAsync(t["users.totp.off"]);
        await shots.TakeAsync("13-users");
        await page.ClickAsync("tr[data-user='mgr-s1'] button.reset");
        string initial = (await page.Locator("#initial-password").TextContentAsync())!;
        Assert.NotEqual(first, initial);
        Assert.Equal(0, await page.Locator("tr[data-user='admin'] button").CountAsync());

        // The store manager signs in (forced change), sees S1's lockouts only, and another site's pages are 404 by URL.
        await using Browser other = await Browser.LaunchAsync(server.BaseAddress, zh ? "zh-CN" : "en-US");
        IPage manager = await other.NewPageAsync();
        await manager.GotoAsync("/signin");
        await manager.FillAsync("#f-user", "mgr-s1");
        await manager.FillAsync("#f-password", first);
        await manager.ClickAsync("#signin");
        await Expect(manager.Locator(".message.error")).ToHaveTextAsync(t["signin.invalid"]);
        await manager.FillAsync("#f-password", initial);
        await manager.ClickAsync("#signin");
        await Expect(manager).ToHaveURLAsync(new Regex("/password$"));
        await manager.FillAsync("#f-current", initial);
        await manager.FillAsync("#f-new", ManagerPassword);
        await manager.FillAsync("#f-repeat", ManagerPassword);
        await manager.ClickAsync("#change-password");
        await Expect(manager).ToHaveURLAsync(new Regex("/sites$"));
        Assert.Equal(0, await manager.Locator("#nav-users").CountAsync());
        await LockAsync(s1, "1001");
        await manager.GotoAsync("/lockouts");
        await Expect(manager.Locator("#lockouts tr[data-site='S1'][data-operator='1001']")).ToBeVisibleAsync();
        Assert.Equal(0, await manager.Locator("#lockouts tr[data-site='S2']").CountAsync());
        await manager.GotoAsync("/audit");
        Assert.Equal(0, await manager.Locator("#audit td:text-is('S2')").CountAsync());
        Assert.Equal(0, await manager.Locator("#lane-chains tr[data-terminal='S2L1']").CountAsync());
        foreach (string path in new[] { "/lockouts?site=S2", "/audit?site=S2", "/audit.csv?site=S2", "/sites/S2", "/sites/S2/operators" })
        {
            IResponse? response = await manager.GotoAsync(path);
            Assert.True(response!.Status == 404, $"{path}: {response.Status}");
            Assert.DoesNotContain("2001", await manager.ContentAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(403, (await manager.GotoAsync("/users"))!.Status);

        // A page form aimed at the other site (the unlock of S2's cashier, with this page's own valid token) is refused.
        await manager.GotoAsync("/lockouts");
        string token = (await manager.Locator("input[name='__af']").First.GetAttributeAsync("value"))!;
        IAPIResponse unlock = await manager.APIRequest.PostAsync("/sites/S2/operators/2001/unlock", new APIRequestContextOptions { Form = FormOf(manager, ("__af", token), ("from", "lockouts")) });
        Assert.Equal(404, unlock.Status);
        IAPIResponse reset = await manager.APIRequest.PostAsync("/users/admin/reset-password", new APIRequestContextOptions { Form = FormOf(manager, ("__af", token)) });
        Assert.Equal(403, reset.Status);
        Assert.Equal(TestLane.SignInOutcome.Locked, await s2.SignInAsync("2001", pin2));
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        IFormData form = page.APIRequest.CreateFormData();
        foreach ((string name, string value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static async Task LockAsync(TestLane lane, string op)
    {
        int guesses = 0;
        while (await lane.SignInAsync(op, "000000") == TestLane.SignInOutcome.WrongPin)
        {
            Assert.True(++guesses <= 20, "the site budget never locked");
        }
    }

    private static async Task<(TestLane Lane, string Pin)> CreateSiteWithLaneAsync(ConsoleServer server, IPage page, string site, string name, string op, string cashier)
    {
        await page.GotoAsync("/sites");
        await page.FillAsync("#f-site", site);
        await page.FillAsync("#f-name", name);
        await page.ClickAsync("#create-site");
        await page.GotoAsync("/sites/" + site);
        await page.FillAsync("#f-terminal", site + "L1");
        await page.FillAsync("#f-serial", "SN-" + site);
        await page.ClickAsync("#register-terminal");
        TestLane lane = TestLane.FromProvisioningSecret(server, site, (await page.Locator("#lane-secret").TextContentAsync())!);
        await page.GotoAsync($"/sites/{site}/operators");
        await page.FillAsync("#f-operator", op);
        await page.FillAsync("#f-name", cashier);
        await page.SelectOptionAsync("#f-role", "Operator");
        await page.ClickAsync("#create-operator");
        return (lane, (await page.Locator("#temporary-pin").TextContentAsync())!);
    }
}
