using PosAuth.Storage;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using static PosAuth.BackOffice.Console.Html;

namespace PosAuth.BackOffice.Console;

internal sealed partial class Pages
{
    // ---- sites and terminals ----

    private async Task<IResult> SitesAsync(HttpContext c, string? message = null, int status = 200)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<IReadOnlyList<SiteInfo>> sites = await _management.ListSitesAsync(session, c.RequestAborted).ConfigureAwait(false);
        if (!sites.Succeeded)
        {
            return Fail(html, sites.Error!);
        }

        var sb = new StringBuilder(message ?? "");
        sb.Append("<table id=\"sites\"><thead><tr><th>").Append(E(html.T["sites.id"])).Append("</th><th>").Append(E(html.T["sites.name"])).Append("</th><th></th></tr></thead><tbody>");
        foreach (SiteInfo s in sites.Value!)
        {
            sb.Append("<tr data-site=\"").Append(E(s.Site)).Append("\"><td>").Append(E(s.Site)).Append("</td><td>").Append(E(s.Name)).Append("</td><td class=\"actions\">")
              .Append("<a href=\"/sites/").Append(E(s.Site)).Append("\">").Append(E(html.T["sites.open"])).Append("</a> ")
              .Append("<a href=\"/sites/").Append(E(s.Site)).Append("/operators\">").Append(E(html.T["sites.operators"])).Append("</a></td></tr>");
        }

        sb.Append("</tbody></table>");
        if (session.Kind == BackOfficeUserKind.HeadOfficeAdministrator)
        {
            sb.Append("<h2>").Append(E(html.T["sites.create"])).Append("</h2>").Append(html.Form(
                "/sites",
                Field(html.T["sites.id"], "site", pattern: "[A-Za-z0-9]{1,16}") + Field(html.T["sites.name"], "name")
                + $"<button type=\"submit\" id=\"create-site\">{E(html.T["sites.create"])}</button>",
                "row"));
        }

        return html.Page(html.T["sites.title"], sb.ToString(), status);
    }

    private async Task<IResult> CreateSiteAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult result = await _management.CreateSiteAsync(session, Form(c, "site").Trim(), Form(c, "name").Trim(), c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded ? Results.Redirect("/sites") : Fail(html, result.Error!);
    }

    private async Task<IResult> TerminalsAsync(HttpContext c, string site, string? shownOnce = null)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<IReadOnlyList<TerminalStatus>> list = await _management.ListTerminalStatusAsync(session, site, c.RequestAborted).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            return Fail(html, list.Error!);
        }

        var sb = new StringBuilder(shownOnce ?? "");
        sb.Append("<p><a href=\"/sites/").Append(E(site)).Append("/operators\">").Append(E(html.T["sites.operators"])).Append("</a> · <a href=\"/lockouts?site=").Append(E(Uri.EscapeDataString(site))).Append("\">").Append(E(html.T["nav.lockouts"]))
          .Append("</a> · <a href=\"/audit?site=").Append(E(Uri.EscapeDataString(site))).Append("\">").Append(E(html.T["nav.audit"])).Append("</a></p>");
        sb.Append(Message(html.T.Format("terminals.online.help", (int)_onlineWindow.TotalSeconds), "info"));
        sb.Append("<table id=\"terminals\"><thead><tr><th>").Append(E(html.T["terminals.id"])).Append("</th><th>").Append(E(html.T["terminals.serial"]))
          .Append("</th><th>").Append(E(html.T["terminals.state"])).Append("</th><th>").Append(E(html.T["terminals.connection"])).Append("</th><th>").Append(E(html.T["terminals.lastsync"]))
          .Append("</th><th>").Append(E(html.T["terminals.lastpush"])).Append("</th><th>").Append(E(html.T["terminals.lease"])).Append("</th><th>").Append(E(html.T["terminals.key"]))
          .Append("</th><th></th></tr></thead><tbody>");
        foreach (TerminalStatus s in list.Value!)
        {
            TerminalInfo t = s.Terminal;
            string action = $"/sites/{Uri.EscapeDataString(site)}/terminals/{Uri.EscapeDataString(t.TerminalId)}/{(t.Disabled ? "enable" : "disable")}";
            sb.Append("<tr data-terminal=\"").Append(E(t.TerminalId)).Append("\"><td>").Append(E(t.TerminalId)).Append("</td><td>").Append(E(t.Serial))
              .Append("</td><td class=\"state\">").Append(E(html.T[t.Disabled ? "state.disabled" : "state.active"]))
              .Append("</td><td class=\"connection ").Append(s.Online ? "online" : "offline").Append("\">").Append(E(html.T[s.Online ? "terminals.online" : "terminals.offline"]))
              .Append("</td><td class=\"lastsync\">").Append(At(s.LastRequestAt)).Append("</td><td>").Append(At(s.LastAuditPushAt))
              .Append("</td><td class=\"lease\">").Append(E(LeaseText(s.Leases, html))).Append("</td><td>").Append(t.KeyGeneration)
              .Append("</td><td class=\"actions\">").Append(html.Button(action, html.T[t.Disabled ? "action.enable" : "action.disable"], t.Disabled ? "" : "danger")).Append("</td></tr>");
        }

        sb.Append("</tbody></table><h2>").Append(E(html.T["terminals.register"])).Append("</h2>").Append(html.Form(
            $"/sites/{Uri.EscapeDataString(site)}/terminals",
            Field(html.T["terminals.id"], "terminal", pattern: "[A-Za-z0-9]{1,16}") + Field(html.T["terminals.serial"], "serial")
            + $"<button type=\"submit\" id=\"register-terminal\">{E(html.T["terminals.register"])}</button>",
            "row"));
        return html.Page(html.T.Format("terminals.title", site), sb.ToString());
    }

    private async Task<IResult> RegisterTerminalAsync(HttpContext c, string site)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<LaneRegistration> result = await _management.RegisterTerminalAsync(session, site, Form(c, "terminal").Trim(), Optional(c, "serial"), c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Fail(html, result.Error!);
        }

        LaneRegistration lane = result.Value!;
        string key = Convert.ToBase64String(lane.Key);
        Array.Clear(lane.Key);
        string shown = Secret(html.T.Format("terminals.secret", lane.TerminalId), $"{lane.TerminalId}:{lane.KeyGeneration}:{key}", "lane-secret");
        return await TerminalsAsync(c, site, shown).ConfigureAwait(false);
    }

    private async Task<IResult> SetTerminalAsync(HttpContext c, string site, string terminal, bool disable)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        // The terminal must belong to the site in the path (which the user must be allowed to see): checked by listing it.
        BackOfficeResult<IReadOnlyList<TerminalInfo>> list = await _management.ListTerminalsAsync(session, site, c.RequestAborted).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            return Fail(html, list.Error!);
        }

        if (!list.Value!.Any(t => t.TerminalId == terminal))
        {
            return Fail(html, new BackOfficeError(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound)));
        }

        BackOfficeResult result = await _management.SetTerminalDisabledAsync(session, terminal, disable, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded ? Results.Redirect($"/sites/{Uri.EscapeDataString(site)}") : Fail(html, result.Error!);
    }

    // ---- operators ----

    private async Task<IResult> OperatorsAsync(HttpContext c, string site, string? shownOnce = null)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<IReadOnlyList<OperatorInfo>> list = await _management.ListOperatorsAsync(session, site, c.RequestAborted).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            return Fail(html, list.Error!);
        }

        string prefix = $"/sites/{Uri.EscapeDataString(site)}/operators";
        var sb = new StringBuilder(shownOnce ?? "");
        sb.Append("<p><a href=\"/sites/").Append(E(site)).Append("\">").Append(E(html.T["sites.open"])).Append("</a></p>");
        sb.Append("<table id=\"operators\"><thead><tr><th>").Append(E(html.T["operators.id"])).Append("</th><th>").Append(E(html.T["operators.name"]))
          .Append("</th><th>").Append(E(html.T["operators.role"])).Append("</th><th>").Append(E(html.T["terminals.state"])).Append("</th><th>").Append(E(html.T["operators.flags"]))
          .Append("</th><th>").Append(E(html.T["operators.lastsignin"])).Append("</th><th></th></tr></thead><tbody>");
        foreach (OperatorInfo o in list.Value!)
        {
            string op = prefix + "/" + Uri.EscapeDataString(o.OperatorId);
            sb.Append("<tr data-operator=\"").Append(E(o.OperatorId)).Append("\"><td>").Append(E(o.OperatorId)).Append("</td><td>").Append(E(o.DisplayName))
              .Append("</td><td>").Append(E(html.T["role." + o.Role])).Append("</td><td class=\"state\">").Append(E(html.T[o.Disabled ? "state.disabled" : "state.active"]))
              .Append("</td><td class=\"flags\">").Append(o.MustChangePin ? E(html.T["operators.mustchange"]) : "").Append("</td><td>").Append(At(o.LastSignInAt))
              .Append("</td><td class=\"actions\">")
              .Append(html.Button(op + "/reset", html.T["action.reset"], "reset"))
              .Append(html.Button(op + "/unlock", html.T["action.unlock"], "unlock"))
              .Append(html.Button(op + (o.Disabled ? "/enable" : "/disable"), html.T[o.Disabled ? "action.enable" : "action.disable"], o.Disabled ? "enable" : "danger disable"))
              .Append("</td></tr>");
        }

        sb.Append("</tbody></table><h2>").Append(E(html.T["operators.create"])).Append("</h2>");
        string roles = string.Concat(Enum.GetValues<OperatorRole>().Select(r => $"<option value=\"{r}\">{E(html.T["role." + r])}</option>"));
        sb.Append(html.Form(
            prefix,
            Field(html.T["operators.id"], "operator", pattern: "[A-Za-z0-9]{1,16}") + Field(html.T["operators.name"], "name", required: false)
            + $"<label>{E(html.T["operators.role"])}<select name=\"role\" id=\"f-role\">{roles}</select></label>"
            + $"<button type=\"submit\" id=\"create-operator\">{E(html.T["operators.create"])}</button>",
            "row"));
        return html.Page(html.T.Format("operators.title", site), sb.ToString());
    }

    private async Task<IResult> CreateOperatorAsync(HttpContext c, string site)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        if (!Enum.TryParse(Form(c, "role"), ignoreCase: false, out OperatorRole role) || !Enum.IsDefined(role))
        {
            return Fail(html, new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, ""));
        }

        BackOfficeResult<TemporaryPin> result = await _management.CreateOperatorAsync(session, site, Form(c, "operator").Trim(), role, Optional(c, "name"), c.RequestAborted).ConfigureAwait(false);
        return await ShowTemporaryPinAsync(c, html, site, result).ConfigureAwait(false);
    }

    private async Task<IResult> ResetOperatorAsync(HttpContext c, string site, string op)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<TemporaryPin> result = await _management.ResetOperatorPinAsync(session, site, op, c.RequestAborted).ConfigureAwait(false);
        return await ShowTemporaryPinAsync(c, html, site, result).ConfigureAwait(false);
    }

    private async Task<IResult> ShowTemporaryPinAsync(HttpContext c, Html html, string site, BackOfficeResult<TemporaryPin> result)
    {
        if (!result.Succeeded)
        {
            return Fail(html, result.Error!);
        }

        using TemporaryPin pin = result.Value!;
        string shown = Secret(html.T.Format("operators.temporary", pin.OperatorId, pin.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), new string(pin.AsSpan()), "temporary-pin");
        return await OperatorsAsync(c, site, shown).ConfigureAwait(false);
    }

    private async Task<IResult> UnlockOperatorAsync(HttpContext c, string site, string op)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult result = await _management.UnlockOperatorAsync(session, site, op, c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Fail(html, result.Error!);
        }

        string done = Message(html.T.Format("operators.unlocked", op), "info");
        return Form(c, "from") == "lockouts"
            ? await LockoutsAsync(c, done).ConfigureAwait(false)
            : await OperatorsAsync(c, site, done).ConfigureAwait(false);
    }

    private async Task<IResult> SetOperatorAsync(HttpContext c, string site, string op, bool disable)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult result = await _management.SetOperatorDisabledAsync(session, site, op, disable, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded ? Results.Redirect($"/sites/{Uri.EscapeDataString(site)}/operators") : Fail(html, result.Error!);
    }

    private static string? Query(HttpContext c, string name) => c.Request.Query[name].ToString() is { Length: > 0 and <= 64 } v ? v.Trim() : null;

    // ---- offline unlock ----

    private async Task<IResult> OfflineUnlockPageAsync(HttpContext c)
    {
        (Html html, BackOfficeSession _, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        return redirect ?? html.Page(html.T["offline.title"], OfflineForm(html, null, null, null, null));
    }

    private static string OfflineForm(Html html, string? site, string? lane, string? op, string? message) =>
        Message(html.T["offline.help"], "info") + (message ?? "") + html.Form(
            "/offline-unlock",
            Field(html.T["audit.site"], "site", value: site, pattern: "[A-Za-z0-9]{1,16}") + Field(html.T["audit.lane"], "lane", value: lane, required: false)
            + Field(html.T["audit.operator"], "operator", value: op, required: false) + Field(html.T["offline.challenge"], "challenge", autocomplete: "off")
            + $"<button type=\"submit\" id=\"compute-response\">{E(html.T["offline.compute"])}</button>",
            "stack");

    private async Task<IResult> OfflineUnlockAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        string site = Form(c, "site").Trim();
        string challenge = Form(c, "challenge").Trim();
        string? lane = Optional(c, "lane");
        string? op = Optional(c, "operator");

        // A QR payload names the lane and the operator itself.
        if (PosAuth.OfflineUnlock.OfflineUnlockRequest.TryParseQrPayload(challenge, out PosAuth.OfflineUnlock.OfflineUnlockRequest? qr))
        {
            lane ??= qr.TerminalId;
            op ??= qr.TargetOperatorId;
        }

        BackOfficeResult<string> result = await _management.ComputeOfflineUnlockResponseAsync(session, site, lane ?? "", op ?? "", challenge, c.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Error!.Code is BackOfficeErrorCodes.Unauthenticated or BackOfficeErrorCodes.PasswordChangeRequired or BackOfficeErrorCodes.SecondFactorEnrolmentRequired
                ? Fail(html, result.Error)
                : html.Page(html.T["offline.title"], OfflineForm(html, site, lane, op, Message(html.T["error." + result.Error.Code] is var m && m != "error." + result.Error.Code ? m : result.Error.Description)), result.Error.Code == BackOfficeErrorCodes.NotFound ? 404 : 400);
        }

        return html.Page(html.T["offline.title"], Secret(html.T["offline.response"], result.Value!, "unlock-response") + OfflineForm(html, site, lane, op, null));
    }

    private static string LeaseText(TerminalLeases leases, Html html) => leases.Held == 0
        ? html.T["terminals.lease.none"]
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, html.T["terminals.lease.held"], leases.Held, leases.Attempts)
            + (leases.Recalled > 0 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, html.T["terminals.lease.recalled"], leases.Recalled) : "");
}
