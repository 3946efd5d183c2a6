using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static PosAuth.BackOffice.Console.Html;

namespace PosAuth.BackOffice.Console;

/// <summary>
/// The console's pages. The page never decides who may do what: each handler passes the signed-in user's session to
/// <see cref="IBackOfficeManagement"/>, which re-reads the session and checks the permission table (role and sites)
/// for every call; a refusal is shown, never worked around.
/// </summary>
internal sealed partial class Pages
{
    private readonly IBackOfficeAuthentication _auth;
    private readonly IBackOfficeManagement _management;
    private readonly IBackOfficeMaintenance _maintenance;
    private readonly IAntiforgery _antiforgery;
    private readonly TimeProvider _time;
    private readonly TimeSpan _onlineWindow;
    private readonly bool _requireSecondFactorForManagers;

    public Pages(IBackOfficeAuthentication auth, IBackOfficeManagement management, IBackOfficeMaintenance maintenance, IAntiforgery antiforgery, TimeProvider time, Microsoft.Extensions.Options.IOptions<BackOfficeOptions> options)
    {
        _onlineWindow = options.Value.TerminalOnlineWindow;
        _requireSecondFactorForManagers = options.Value.RequireSecondFactorForStoreManagers;
        _auth = auth;
        _management = management;
        _maintenance = maintenance;
        _antiforgery = antiforgery;
        _time = time;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext c, Pages p) => p.HomeAsync(c));
        app.MapPost("/language", (HttpContext c, Pages p) => p.LanguageAsync(c));
        app.MapGet("/signin", (HttpContext c, Pages p) => p.SignInPageAsync(c));
        app.MapPost("/signin", (HttpContext c, Pages p) => p.SignInAsync(c));
        app.MapPost("/signout", (HttpContext c, Pages p) => p.SignOutAsync(c));
        app.MapGet("/password", (HttpContext c, Pages p) => p.PasswordPageAsync(c));
        app.MapPost("/password", (HttpContext c, Pages p) => p.ChangePasswordAsync(c));
        app.MapGet("/totp", (HttpContext c, Pages p) => p.TotpPageAsync(c));
        app.MapPost("/totp/begin", (HttpContext c, Pages p) => p.TotpBeginAsync(c));
        app.MapPost("/totp/confirm", (HttpContext c, Pages p) => p.TotpConfirmAsync(c));
        app.MapGet("/sites", (HttpContext c, Pages p) => p.SitesAsync(c));
        app.MapPost("/sites", (HttpContext c, Pages p) => p.CreateSiteAsync(c));
        app.MapGet("/sites/{site}", (HttpContext c, string site, Pages p) => p.TerminalsAsync(c, site));
        app.MapPost("/sites/{site}/terminals", (HttpContext c, string site, Pages p) => p.RegisterTerminalAsync(c, site));
        app.MapPost("/sites/{site}/terminals/{terminal}/disable", (HttpContext c, string site, string terminal, Pages p) => p.SetTerminalAsync(c, site, terminal, true));
        app.MapPost("/sites/{site}/terminals/{terminal}/enable", (HttpContext c, string site, string terminal, Pages p) => p.SetTerminalAsync(c, site, terminal, false));
        app.MapGet("/sites/{site}/operators", (HttpContext c, string site, Pages p) => p.OperatorsAsync(c, site));
        app.MapPost("/sites/{site}/operators", (HttpContext c, string site, Pages p) => p.CreateOperatorAsync(c, site));
        app.MapPost("/sites/{site}/operators/{op}/reset", (HttpContext c, string site, string op, Pages p) => p.ResetOperatorAsync(c, site, op));
        app.MapPost("/sites/{site}/operators/{op}/unlock", (HttpContext c, string site, string op, Pages p) => p.UnlockOperatorAsync(c, site, op));
        app.MapPost("/sites/{site}/operators/{op}/disable", (HttpContext c, string site, string op, Pages p) => p.SetOperatorAsync(c, site, op, true));
        app.MapPost("/sites/{site}/operators/{op}/enable", (HttpContext c, string site, string op, Pages p) => p.SetOperatorAsync(c, site, op, false));
        app.MapGet("/lockouts", (HttpContext c, Pages p) => p.LockoutsAsync(c));
        app.MapGet("/users", (HttpContext c, Pages p) => p.UsersAsync(c));
        app.MapPost("/users", (HttpContext c, Pages p) => p.CreateUserAsync(c));
        app.MapPost("/users/{user}/reset-password", (HttpContext c, string user, Pages p) => p.ResetUserPasswordAsync(c, user));
        app.MapPost("/users/{user}/reset-second-factor", (HttpContext c, string user, Pages p) => p.ResetUserSecondFactorAsync(c, user));
        app.MapPost("/users/{user}/disable", (HttpContext c, string user, Pages p) => p.SetUserAsync(c, user, true));
        app.MapPost("/users/{user}/enable", (HttpContext c, string user, Pages p) => p.SetUserAsync(c, user, false));
        app.MapGet("/audit", (HttpContext c, Pages p) => p.AuditAsync(c, csv: false));
        app.MapGet("/audit.csv", (HttpContext c, Pages p) => p.AuditAsync(c, csv: true));
        app.MapGet("/offline-unlock", (HttpContext c, Pages p) => p.OfflineUnlockPageAsync(c));
        app.MapPost("/offline-unlock", (HttpContext c, Pages p) => p.OfflineUnlockAsync(c));
    }

    // ---- session, language, errors ----

    private static Texts TextsOf(HttpContext c)
    {
        if (c.Request.Cookies.TryGetValue(ConsoleApp.LanguageCookie, out string? lang) && lang is Texts.Chinese or Texts.English)
        {
            return Texts.For(lang);
        }

        string accept = c.Request.Headers.AcceptLanguage.ToString();
        return accept.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Texts.Zh : Texts.En;
    }

    private async Task<BackOfficeSession?> CurrentAsync(HttpContext c) =>
        c.Request.Cookies.TryGetValue(ConsoleApp.SessionCookie, out string? token) && token is not null
            ? await _auth.GetSessionAsync(token, c.RequestAborted).ConfigureAwait(false)
            : null;

    private Html HtmlFor(HttpContext c, BackOfficeSession? session) => new(c, _antiforgery, TextsOf(c), session);

    /// <summary>The signed-in user, or where to go first (sign-in, forced password change, second-factor enrolment).</summary>
    private async Task<(Html Html, BackOfficeSession Session, IResult? Redirect)> SignedInAsync(HttpContext c)
    {
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        Html html = HtmlFor(c, session);
        IResult? redirect = session switch
        {
            null => Results.Redirect("/signin"),
            { MustChangePassword: true } => Results.Redirect("/password"),
            { SecondFactorPending: true } => Results.Redirect("/totp"),
            _ => null,
        };
        return (html, session!, redirect);
    }

    private static IResult Fail(Html html, BackOfficeError error)
    {
        switch (error.Code)
        {
            case BackOfficeErrorCodes.Unauthenticated:
                return Results.Redirect("/signin");
            case BackOfficeErrorCodes.PasswordChangeRequired:
                return Results.Redirect("/password");
            case BackOfficeErrorCodes.SecondFactorEnrolmentRequired:
                return Results.Redirect("/totp");
        }

        int status = error.Code switch
        {
            BackOfficeErrorCodes.NotFound => 404,
            BackOfficeErrorCodes.Forbidden => 403,
            BackOfficeErrorCodes.AlreadyExists => 409,
            BackOfficeErrorCodes.StoreUnavailable => 503,
            _ => 400,
        };
        string key = "error." + error.Code;
        string text = html.T[key] == key ? error.Description : html.T[key];
        if (error.Code == BackOfficeErrorCodes.InvalidRequest && error.Description.Length > 0)
        {
            text += " " + error.Description;
        }

        return html.Page(html.T["error.title"], Message(text) + $"<p><a href=\"/sites\">{E(html.T["action.back"])}</a></p>", status);
    }

    public async Task<IResult> AntiforgeryRefusedAsync(HttpContext c)
    {
        Html html = HtmlFor(c, await CurrentAsync(c).ConfigureAwait(false));
        return html.Page(html.T["error.title"], Message(html.T["error.antiforgery"]), 400);
    }

    private static string Form(HttpContext c, string name) => c.Request.HasFormContentType ? c.Request.Form[name].ToString() : "";

    private static string? Optional(HttpContext c, string name) => Form(c, name) is { Length: > 0 } v ? v.Trim() : null;

    private async Task<IResult> HomeAsync(HttpContext c)
    {
        (_, _, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        return redirect ?? Results.Redirect("/sites");
    }

    private async Task<IResult> LanguageAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        string to = Form(c, "to") == Texts.Chinese ? Texts.Chinese : Texts.English;
        c.Response.Cookies.Append(ConsoleApp.LanguageCookie, to, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = c.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromDays(365) });
        string back = Form(c, "back");

        // Only a local path: never an open redirect.
        return Results.Redirect(back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) && !back.Contains('\\', StringComparison.Ordinal) ? back : "/");
    }

    // ---- sign-in, password, second factor ----

    private async Task<IResult> SignInPageAsync(HttpContext c)
    {
        Html html = HtmlFor(c, null);
        return html.Page(html.T["signin.title"], SignInForm(html, null, null));
    }

    private static string SignInForm(Html html, string? user, string? message) =>
        (message is null ? "" : Message(message)) + html.Form(
            "/signin",
            Field(html.T["signin.user"], "user", value: user, autocomplete: "username")
            + Field(html.T["signin.password"], "password", "password", autocomplete: "current-password")
            + Field(html.T["signin.code"], "code", required: false, autocomplete: "one-time-code", pattern: "[0-9]{6}")
            + $"<button type=\"submit\" id=\"signin\">{E(html.T["signin.submit"])}</button>",
            "stack");

    private async Task<IResult> SignInAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        Html html = HtmlFor(c, null);
        string user = Form(c, "user").Trim();
        BackOfficeResult<BackOfficeSignIn> result = await _auth.SignInAsync(user, Form(c, "password"), Optional(c, "code"), c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            BackOfficeError error = result.Error!;
            string message = error.Code switch
            {
                BackOfficeErrorCodes.LockedOut when error.LockedUntil is { } until =>
                    html.T.Format("signin.locked", Math.Max(1, (int)Math.Ceiling((until - _time.GetUtcNow()).TotalMinutes)), until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
                BackOfficeErrorCodes.SecondFactorInvalid => html.T["signin.code_invalid"],
                BackOfficeErrorCodes.AccountDisabled => html.T["signin.disabled"],
                BackOfficeErrorCodes.StoreUnavailable => html.T["error.back_office_store_unavailable"],
                _ => html.T["signin.invalid"],
            };
            return html.Page(html.T["signin.title"], SignInForm(html, user, message), error.Code == BackOfficeErrorCodes.LockedOut ? 429 : 401);
        }

        c.Response.Cookies.Append(ConsoleApp.SessionCookie, result.Value!.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = c.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        BackOfficeSession s = result.Value.Session;
        return Results.Redirect(s.MustChangePassword ? "/password" : s.SecondFactorPending ? "/totp" : "/sites");
    }

    private async Task<IResult> SignOutAsync(HttpContext c)
    {
        if (await CurrentAsync(c).ConfigureAwait(false) is { } session)
        {
            await _auth.SignOutAsync(session, c.RequestAborted).ConfigureAwait(false);
        }

        c.Response.Cookies.Delete(ConsoleApp.SessionCookie, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true, Secure = c.Request.IsHttps });
        return Results.Redirect("/signin");
    }

    private async Task<IResult> PasswordPageAsync(HttpContext c)
    {
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/signin");
        }

        Html html = HtmlFor(c, session);
        return html.Page(html.T["password.title"], PasswordForm(html, session, null));
    }

    private static string PasswordForm(Html html, BackOfficeSession session, string? message) =>
        (session.MustChangePassword ? Message(html.T["password.forced"], "info") : "") + (message ?? "") + html.Form(
            "/password",
            Field(html.T["password.current"], "current", "password", autocomplete: "current-password")
            + Field(html.T["password.new"], "new", "password", autocomplete: "new-password")
            + Field(html.T["password.repeat"], "repeat", "password", autocomplete: "new-password")
            + $"<button type=\"submit\" id=\"change-password\">{E(html.T["password.submit"])}</button>",
            "stack");

    private async Task<IResult> ChangePasswordAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/signin");
        }

        Html html = HtmlFor(c, session);
        string next = Form(c, "new");
        if (!string.Equals(next, Form(c, "repeat"), StringComparison.Ordinal))
        {
            return html.Page(html.T["password.title"], PasswordForm(html, session, Message(html.T["password.mismatch"])), 400);
        }

        BackOfficeResult result = await _auth.ChangePasswordAsync(session, Form(c, "current"), next, c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            BackOfficeError error = result.Error!;
            string why = error.Code == BackOfficeErrorCodes.PasswordRejected
                ? Message(html.T["password.rejected"] + " " + string.Join(", ", error.Reasons))
                : error.Code == BackOfficeErrorCodes.LockedOut ? Message(html.T.Format("signin.locked", error.LockedUntil is { } u ? Math.Max(1, (int)Math.Ceiling((u - _time.GetUtcNow()).TotalMinutes)) : 30, error.LockedUntil is { } u2 ? u2.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : "—"))
                : Message(html.T["signin.invalid"]);
            return html.Page(html.T["password.title"], PasswordForm(html, session, why), 400);
        }

        BackOfficeSession? after = await CurrentAsync(c).ConfigureAwait(false);
        return Results.Redirect(after is null ? "/signin" : after.SecondFactorPending ? "/totp" : "/sites");
    }

    private async Task<IResult> TotpPageAsync(HttpContext c)
    {
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/signin");
        }

        Html html = HtmlFor(c, session);
        return html.Page(html.T["totp.title"], Message(html.T["totp.required"], "info") + html.Button("/totp/begin", html.T["totp.begin"], "primary", null, null));
    }

    private async Task<IResult> TotpBeginAsync(HttpContext c)
    {
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/signin");
        }

        Html html = HtmlFor(c, session);
        BackOfficeResult<TotpEnrolment> enrolment = await _auth.BeginTotpEnrolmentAsync(session, c.RequestAborted).ConfigureAwait(false);
        if (!enrolment.Succeeded)
        {
            return Fail(html, enrolment.Error!);
        }

        return html.Page(html.T["totp.title"], TotpConfirmForm(html, enrolment.Value!.SecretBase32, null));
    }

    private static string TotpConfirmForm(Html html, string? secret, string? message) =>
        (secret is null ? "" : Secret(html.T["totp.secret"], secret, "totp-secret")) + (message is null ? "" : Message(message)) + html.Form(
            "/totp/confirm",
            Field(html.T["totp.code"], "code", autocomplete: "one-time-code", pattern: "[0-9]{6}")
            + $"<button type=\"submit\" id=\"confirm-totp\">{E(html.T["totp.confirm"])}</button>",
            "stack");

    private async Task<IResult> TotpConfirmAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        BackOfficeSession? session = await CurrentAsync(c).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/signin");
        }

        Html html = HtmlFor(c, session);
        BackOfficeResult result = await _auth.ConfirmTotpAsync(session, Form(c, "code").Trim(), c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return html.Page(html.T["totp.title"], TotpConfirmForm(html, null, html.T["signin.code_invalid"]), 400);
        }

        BackOfficeSession? after = await CurrentAsync(c).ConfigureAwait(false);
        return Results.Redirect(after is null || after.SecondFactorPending ? "/signin" : "/sites");
    }
}
