using Microsoft.Playwright;
using PosAuth.BackOffice.Console.Tests.TestSupport;
using PosAuth.OfflineUnlock;
using static Microsoft.Playwright.Assertions;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>
/// The console in a real browser (Debian's Chromium through Playwright) against the sample's back office on 127.0.0.1:
/// the whole support-desk walk, in English and in Chinese, with a lane on the signed lane API checking that what the
/// page did reached it. Each step's screenshot is written at 1280×800 (docs/screenshots when POSAUTH_SCREENSHOTS_DIR
/// names it; see eng/screenshots.sh).
/// </summary>
public sealed class ConsoleWalkTests
{
    private const string NewPassword = "Harbour-Lantern-42x";

    [Fact]
    public Task Walk_English_SignIn_ForcedChange_Totp_Lane_Operator_Reset_Unlock_Audit_OfflineUnlock() => WalkAsync("en");

    [Fact]
    public Task Walk_Chinese_SignIn_ForcedChange_Totp_Lane_Operator_Reset_Unlock_Audit_OfflineUnlock() => WalkAsync("zh-CN");

    private static async Task WalkAsync(string language)
    {
        bool zh = language == "zh-CN";
        Texts t = Texts.For(language);
        await using ConsoleServer server = await ConsoleServer.StartAsync();
        await using Browser browser = await Browser.LaunchAsync(server.BaseAddress, zh ? "zh-CN" : "en-US");
        IPage page = await browser.NewPageAsync();
        var shots = new Screenshots(page, language);

        // Sign-in with the one-time password the sample printed: the page forces a change of it.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(t["signin.title"]);
        await shots.TakeAsync("01-signin");
        await SignInFirstTimeAsync(page, server, t, shots);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sites$"));
        Assert.DoesNotContain(NewPassword, page.Url, StringComparison.Ordinal);

        // A site and a lane: the lane's provisioning secret is shown once, and the lane it provisions is accepted.
        await page.FillAsync("#f-site", "S1");
        await page.FillAsync("#f-name", zh ? "上海一号店" : "Shanghai No. 1");
        await page.ClickAsync("#create-site");
        await Expect(page.Locator("tr[data-site='S1']")).ToBeVisibleAsync();
        await shots.TakeAsync("04-sites");
        await page.ClickAsync("tr[data-site='S1'] a[href='/sites/S1']");
        await page.FillAsync("#f-terminal", "L1");
        await page.FillAsync("#f-serial", "SN-0001");
        await page.ClickAsync("#register-terminal");
        string laneSecret = (await page.Locator("#lane-secret").TextContentAsync())!;
        Assert.StartsWith("L1:1:", laneSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(laneSecret.Split(':')[2], page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("tr[data-terminal='L1'] td.state")).ToHaveTextAsync(t["state.active"]);
        await shots.TakeAsync("05-terminals-secret-once");
        TestLane lane = TestLane.FromProvisioningSecret(server, "S1", laneSecret);
        Assert.Empty((await lane.DirectoryAsync()).Operators);

        // Shown once: the page reloaded shows no secret.
        await page.GotoAsync("/sites/S1");
        Assert.Equal(0, await page.Locator("#lane-secret").CountAsync());

        // An operator: the temporary PIN is shown once and grants the lane nothing but a PIN change.
        await page.GotoAsync("/sites/S1/operators");
        await page.FillAsync("#f-operator", "1001");
        await page.FillAsync("#f-name", zh ? "王芳" : "Wang Fang");
        await page.SelectOptionAsync("#f-role", "Operator");
        await page.ClickAsync("#create-operator");
        string firstPin = (await page.Locator("#temporary-pin").TextContentAsync())!;
        Assert.Matches("^[0-9]{4,12}$", firstPin);
        await Expect(page.Locator("tr[data-operator='1001'] td.flags")).ToHaveTextAsync(t["operators.mustchange"]);
        Assert.Equal(TestLane.SignInOutcome.AcceptedPinChangeOnly, await lane.SignInAsync("1001", firstPin));

        // Reset: a new temporary PIN, shown once; the lane refuses the old one and accepts the new one (for a PIN change).
        await page.ClickAsync("tr[data-operator='1001'] button.reset");
        string resetPin = (await page.Locator("#temporary-pin").TextContentAsync())!;
        Assert.NotEqual(firstPin, resetPin);
        Assert.DoesNotContain(resetPin, page.Url, StringComparison.Ordinal);
        await shots.TakeAsync("06-operators-temporary-pin");
        Assert.Equal(TestLane.SignInOutcome.WrongPin, await lane.SignInAsync("1001", firstPin));
        Assert.Equal(TestLane.SignInOutcome.AcceptedPinChangeOnly, await lane.SignInAsync("1001", resetPin));

        // An attacker guesses on the lane until the site budget locks the cashier; even the right PIN is refused then.
        int guesses = 0;
        while (await lane.SignInAsync("1001", "000000") == TestLane.SignInOutcome.WrongPin)
        {
            Assert.True(++guesses <= 20, "the site budget never locked");
        }

        Assert.Equal(TestLane.SignInOutcome.Locked, await lane.SignInAsync("1001", resetPin));

        // Unlock everywhere, from the lockouts page: the lane accepts the right PIN again.
        await page.GotoAsync("/lockouts");
        await shots.TakeAsync("07-lockouts");
        await page.ClickAsync("tr[data-site='S1'][data-operator='1001'] button.unlock");
        await Expect(page.Locator(".message.info").Last).ToHaveTextAsync(t.Format("operators.unlocked", "1001"));
        Assert.Equal(TestLane.SignInOutcome.AcceptedPinChangeOnly, await lane.SignInAsync("1001", resetPin));

        // Offline unlock: the lane shows a QR payload; the page computes the response, which the lane's verifier accepts.
        var challenge = OfflineUnlockChallenge.Issue("L1", "1001", server.Time);
        await page.GotoAsync("/offline-unlock");
        await page.FillAsync("#f-site", "S1");
        await page.FillAsync("#f-challenge", challenge.ToQrPayload());
        await page.ClickAsync("#compute-response");
        string response = (await page.Locator("#unlock-response").TextContentAsync())!;
        await shots.TakeAsync("08-offline-unlock");
        byte[] laneKey = UnlockKeyDerivation.DeriveTerminalKey(server.OfflineUnlockMasterKey, "SN-0001");
        Assert.True(OfflineUnlockCalculator.VerifyResponse(laneKey, challenge, response));
        Assert.False(OfflineUnlockCalculator.VerifyResponse(laneKey, OfflineUnlockChallenge.Issue("L1", "1001", server.Time), response));

        // The audit ledger shows who did what, filtered by operator; the chain verifies; CSV export has the same rows.
        await page.GotoAsync("/audit");
        await page.FillAsync("#f-operator", "1001");
        await page.ClickAsync("#filter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("operator=1001"));
        await Expect(page.Locator("#chain")).ToHaveClassAsync("ok");
        foreach (string evt in new[] { "OperatorCreated", "OperatorPinReset", "OperatorUnlocked", "OfflineUnlockResponseIssued" })
        {
            await Expect(page.Locator($"#audit tr[data-event='{evt}']").First).ToContainTextAsync("user:admin");
        }

        Assert.Equal(0, await page.Locator("#audit tr[data-event='SiteCreated']").CountAsync());
        await shots.TakeAsync("09-audit");
        IAPIResponse csv = await page.APIRequest.GetAsync("/audit.csv?operator=1001&event=OperatorPinReset");
        Assert.Equal(200, csv.Status);
        string[] lines = (await csv.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Contains(",OperatorPinReset,S1,,1001,user:admin,temporary_pin_issued,", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(resetPin, await csv.TextAsync(), StringComparison.Ordinal);

        // Disable the operator: the lane no longer signs them in.
        await page.GotoAsync("/sites/S1/operators");
        await page.ClickAsync("tr[data-operator='1001'] button.disable");
        await Expect(page.Locator("tr[data-operator='1001'] td.state")).ToHaveTextAsync(t["state.disabled"]);
        Assert.Equal(TestLane.SignInOutcome.Unknown, await lane.SignInAsync("1001", resetPin));

        // CSP is enforced by the browser: an inline script injected into the page does not run.
        bool ran = await page.EvaluateAsync<bool>(
            "() => { window.__inline = false; const s = document.createElement('script'); s.textContent = 'window.__inline = true'; document.body.appendChild(s); return window.__inline; }");
        Assert.False(ran);

        // The language switch flips the page to the other language (a cookie, not the URL).
        await page.ClickAsync("#language");
        await Expect(page.Locator("h1")).ToHaveTextAsync(Texts.For(zh ? "en" : "zh-CN").Format("operators.title", "S1"));
    }

    /// <summary>The administrator's first sign-in through the pages: a wrong password, the one-time one, the forced change, TOTP.</summary>
    internal static async Task SignInFirstTimeAsync(IPage page, ConsoleServer server, Texts t, Screenshots? shots)
    {
        await page.FillAsync("#f-user", "admin");
        await page.FillAsync("#f-password", "wrong-password-1");
        await page.ClickAsync("#signin");
        await Expect(page.Locator(".message.error")).ToHaveTextAsync(t["signin.invalid"]);
        await page.FillAsync("#f-password", server.InitialPassword);
        await page.ClickAsync("#signin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/password$"));
        await Expect(page.Locator(".message.info")).ToHaveTextAsync(t["password.forced"]);
        await Take(shots, "02-password-change");

        // The forced change refuses a short password, then takes a good one.
        await page.FillAsync("#f-current", server.InitialPassword);
        await page.FillAsync("#f-new", "short");
        await page.FillAsync("#f-repeat", "short");
        await page.ClickAsync("#change-password");
        await Expect(page.Locator(".message.error")).ToContainTextAsync(t["password.rejected"]);
        await page.FillAsync("#f-current", server.InitialPassword);
        await page.FillAsync("#f-new", NewPassword);
        await page.FillAsync("#f-repeat", NewPassword);
        await page.ClickAsync("#change-password");

        // A head-office administrator must enrol an authenticator (TOTP) before anything else.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/totp$"));
        await page.ClickAsync("button.primary");
        string secret = (await page.Locator("#totp-secret").TextContentAsync())!;
        await Take(shots, "03-totp-enrolment");
        byte[] totpKey = Totp.FromBase32(secret);
        await page.FillAsync("#f-code", Totp.Compute(totpKey, Totp.StepOf(server.Time.GetUtcNow())));
        await page.ClickAsync("#confirm-totp");
        if (page.Url.EndsWith("/signin", StringComparison.Ordinal))
        {
            // The enrolment ends the half-authenticated session: sign in with the second factor (a new code: one use each).
            server.Time.Advance(TimeSpan.FromSeconds(31));
            await page.FillAsync("#f-user", "admin");
            await page.FillAsync("#f-password", NewPassword);
            await page.FillAsync("#f-code", Totp.Compute(totpKey, Totp.StepOf(server.Time.GetUtcNow())));
            await page.ClickAsync("#signin");
        }

    }

    private static Task Take(Screenshots? shots, string step) => shots is null ? Task.CompletedTask : shots.TakeAsync(step);
}
