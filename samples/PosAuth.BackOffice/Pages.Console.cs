using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PosAuth.Lockout;
using PosAuth.Storage;
using static PosAuth.BackOffice.Console.Html;

namespace PosAuth.BackOffice.Console;

/// <summary>Lockouts now, the audit ledger (filters in the database, pages, CSV, chain status) and the back-office users.</summary>
internal sealed partial class Pages
{
    // ---- lockouts now ----

    /// <summary>
    /// Who is locked where, and until when: the back office reads the site budgets now
    /// (<see cref="IBackOfficeManagement.ListLockoutsAsync"/>, which limits a store manager to their sites; another
    /// site in <c>?site=</c> is 404). An operator's lock is lifted on every lane with one unlock.
    /// </summary>
    private async Task<IResult> LockoutsAsync(HttpContext c, string? message = null)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        string? site = Query(c, "site");
        BackOfficeResult<IReadOnlyList<CurrentLockout>> locks = await _management.ListLockoutsAsync(session, site, c.RequestAborted).ConfigureAwait(false);
        if (!locks.Succeeded)
        {
            return Fail(html, locks.Error!);
        }

        DateTimeOffset now = _time.GetUtcNow();
        var sb = new StringBuilder(Message(html.T["lockouts.note"], "info"));
        sb.Append(message ?? "");
        if (locks.Value!.Count == 0)
        {
            sb.Append("<p id=\"no-lockouts\">").Append(E(html.T["lockouts.none"])).Append("</p>");
            return html.Page(html.T["lockouts.title"], sb.ToString());
        }

        sb.Append("<table id=\"lockouts\"><thead><tr><th>").Append(E(html.T["lockouts.where"])).Append("</th><th>").Append(E(html.T["lockouts.scope"]))
          .Append("</th><th>").Append(E(html.T["operators.id"])).Append("</th><th>").Append(E(html.T["operators.name"])).Append("</th><th>")
          .Append(E(html.T["lockouts.state"])).Append("</th><th>").Append(E(html.T["lockouts.failures"])).Append("</th><th>").Append(E(html.T["lockouts.until"]))
          .Append("</th><th></th></tr></thead><tbody>");
        foreach (CurrentLockout l in locks.Value.OrderBy(l => l.Site, StringComparer.Ordinal).ThenBy(l => l.OperatorId ?? "", StringComparer.Ordinal))
        {
            sb.Append("<tr data-site=\"").Append(E(l.Site)).Append('"');
            sb.Append(l.OperatorId is null ? $" data-terminal=\"{E(l.TerminalId)}\"" : $" data-operator=\"{E(l.OperatorId)}\"");
            sb.Append("><td>").Append(E(l.Site)).Append("</td><td>")
              .Append(E(l.TerminalId is null ? html.T["lockouts.sitewide"] : html.T.Format("lockouts.lane", l.TerminalId)))
              .Append("</td><td>").Append(E(l.OperatorId ?? "—")).Append("</td><td>").Append(E(l.DisplayName)).Append("</td><td class=\"state\">")
              .Append(E(html.T["lockouts.state." + l.State])).Append("</td><td>").Append(l.FailureCount.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"until\">")
              .Append(l.LockedUntil is { } until ? E(html.T.Format("lockouts.until.value", At(until), Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes)))) : E(html.T["lockouts.until.unlock"]))
              .Append("</td><td class=\"actions\">");
            if (l.OperatorId is not null)
            {
                sb.Append(html.Button($"/sites/{Uri.EscapeDataString(l.Site)}/operators/{Uri.EscapeDataString(l.OperatorId)}/unlock", html.T["action.unlock"], "unlock", "from", "lockouts"));
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        return html.Page(html.T["lockouts.title"], sb.ToString());
    }

    // ---- audit ----

    private const int AuditPageSize = 100;

    private const int MaxCsvRows = 100_000;

    /// <summary>
    /// The audit ledger: every filter is applied by the back office in its database
    /// (<see cref="IBackOfficeManagement.QueryAuditAsync"/>, which also limits a store manager to their sites), newest
    /// first, one page at a time; the CSV is the whole filtered view. The chain status shows the back office's own chain
    /// and, per lane, whether the records the lane pushed run without a gap.
    /// </summary>
    private async Task<IResult> AuditAsync(HttpContext c, bool csv)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        if (!TryReadAuditFilters(c, out BackOfficeAuditQuery query, out AuditForm form))
        {
            return Fail(html, new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, ""));
        }

        if (csv)
        {
            var rows = new List<BackOfficeAuditEntry>();
            BackOfficeAuditQuery q = query with { MaxCount = 1000, BeforeSequence = null };
            do
            {
                BackOfficeResult<BackOfficeAuditPage> chunk = await _management.QueryAuditAsync(session, q, c.RequestAborted).ConfigureAwait(false);
                if (!chunk.Succeeded)
                {
                    return Fail(html, chunk.Error!);
                }

                rows.AddRange(chunk.Value!.Entries);
                q = q with { BeforeSequence = chunk.Value.NextBefore };
            }
            while (q.BeforeSequence is not null && rows.Count < MaxCsvRows);

            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(AuditCsv.Write(rows))).ToArray(), "text/csv; charset=utf-8", "posauth-audit.csv");
        }

        BackOfficeResult<BackOfficeAuditPage> page = await _management.QueryAuditAsync(session, query with { MaxCount = AuditPageSize }, c.RequestAborted).ConfigureAwait(false);
        if (!page.Succeeded)
        {
            return Fail(html, page.Error!);
        }

        var sb = new StringBuilder();
        AuditChainVerification chain = await _maintenance.VerifyAuditAsync(c.RequestAborted).ConfigureAwait(false);
        sb.Append("<p id=\"chain\" class=\"").Append(chain.IsValid ? "ok" : "bad").Append("\">").Append(E(html.T["audit.backoffice"])).Append(": ")
          .Append(E(chain.IsValid ? html.T.Format("audit.chain.ok", chain.RecordsChecked) : html.T.Format("audit.chain.bad", $"{chain.Break} @ {chain.FirstBrokenSequence}"))).Append("</p>");

        string events = $"<option value=\"\">{E(html.T["audit.any"])}</option>" + string.Concat(Enum.GetValues<BackOfficeAuditEventType>().Select(e => $"<option value=\"{e}\"{(query.Type == e ? " selected" : "")}>{e}</option>"));
        sb.Append("<form method=\"get\" action=\"/audit\" class=\"row\" id=\"audit-filter\">")
          .Append(Field(html.T["audit.site"], "site", value: form.Site, required: false, pattern: "[A-Za-z0-9]{1,16}"))
          .Append(Field(html.T["audit.lane"], "lane", value: form.Lane, required: false, pattern: "[A-Za-z0-9]{1,16}"))
          .Append(Field(html.T["audit.operator"], "operator", value: form.Operator, required: false, pattern: "[A-Za-z0-9]{1,16}"))
          .Append("<label>").Append(E(html.T["audit.event"])).Append("<select name=\"event\" id=\"f-event\">").Append(events).Append("</select></label>")
          .Append(Field(html.T["audit.from"], "from", "datetime-local", form.From, required: false))
          .Append(Field(html.T["audit.to"], "to", "datetime-local", form.To, required: false))
          .Append("<button type=\"submit\" id=\"filter\">").Append(E(html.T["action.filter"])).Append("</button></form>");
        sb.Append("<p><a id=\"export-csv\" href=\"/audit.csv").Append(E(form.QueryString(null))).Append("\">").Append(E(html.T["action.csv"])).Append("</a></p>");

        if (page.Value!.Entries.Count == 0)
        {
            sb.Append(Message(html.T["audit.empty"], "info"));
        }
        else
        {
            sb.Append("<table id=\"audit\"><thead><tr><th>#</th><th>").Append(E(html.T["audit.at"])).Append("</th><th>").Append(E(html.T["audit.event"])).Append("</th><th>")
              .Append(E(html.T["audit.site"])).Append("</th><th>").Append(E(html.T["audit.lane"])).Append("</th><th>").Append(E(html.T["audit.operator"])).Append("</th><th>")
              .Append(E(html.T["audit.actor"])).Append("</th><th>").Append(E(html.T["audit.code"])).Append("</th><th>").Append(E(html.T["audit.detail"])).Append("</th></tr></thead><tbody>");
            foreach (BackOfficeAuditEntry e in page.Value.Entries)
            {
                sb.Append("<tr data-event=\"").Append(e.Type).Append("\" data-sequence=\"").Append(e.Sequence).Append("\"><td>").Append(e.Sequence).Append("</td><td>").Append(At(e.At)).Append("</td><td>").Append(e.Type)
                  .Append("</td><td>").Append(E(e.Site)).Append("</td><td>").Append(E(e.TerminalId)).Append("</td><td>").Append(E(e.OperatorId)).Append("</td><td>")
                  .Append(E(e.Actor)).Append("</td><td>").Append(E(e.Code)).Append("</td><td>").Append(E(e.Detail)).Append("</td></tr>");
            }

            sb.Append("</tbody></table><p class=\"pager\">");
            if (query.BeforeSequence is not null)
            {
                sb.Append("<a id=\"audit-newest\" href=\"/audit").Append(E(form.QueryString(null))).Append("\">").Append(E(html.T["audit.newest"])).Append("</a> ");
            }

            if (page.Value.NextBefore is { } older)
            {
                sb.Append("<a id=\"audit-older\" href=\"/audit").Append(E(form.QueryString(older))).Append("\">").Append(E(html.T["audit.older"])).Append("</a>");
            }

            sb.Append("</p>");
        }

        // Each lane's pushed trail: at the filtered site, or at every site the user may see.
        var laneRows = new StringBuilder();
        IEnumerable<string> sites;
        if (query.Site is not null)
        {
            sites = [query.Site];
        }
        else
        {
            BackOfficeResult<IReadOnlyList<SiteInfo>> visible = await _management.ListSitesAsync(session, c.RequestAborted).ConfigureAwait(false);
            sites = visible.Value?.Select(s => s.Site) ?? [];
        }

        foreach (string s in sites)
        {
            BackOfficeResult<IReadOnlyList<LaneAuditStatus>> lanes = await _management.ListLaneAuditStatusAsync(session, s, c.RequestAborted).ConfigureAwait(false);
            foreach (LaneAuditStatus l in lanes.Value ?? [])
            {
                string state = l.RecordsHeld == 0 ? "none" : l.IsContiguous ? "ok" : "bad";
                string text = state switch
                {
                    "none" => html.T["audit.lane.none"],
                    "ok" => html.T.Format("audit.lane.ok", l.RecordsHeld, l.FirstSequence!, l.LastSequence!),
                    _ => html.T.Format("audit.lane.gap", l.FirstMissingSequence!, l.RecordsHeld),
                };
                laneRows.Append("<tr data-terminal=\"").Append(E(l.TerminalId)).Append("\" class=\"").Append(state).Append("\"><td>").Append(E(l.Site)).Append("</td><td>")
                  .Append(E(l.TerminalId)).Append("</td><td class=\"chain-state\">").Append(E(text)).Append("</td></tr>");
            }
        }

        if (laneRows.Length > 0)
        {
            sb.Append("<h2>").Append(E(html.T["audit.lanes"])).Append("</h2><table id=\"lane-chains\"><thead><tr><th>").Append(E(html.T["audit.site"])).Append("</th><th>")
              .Append(E(html.T["audit.lane"])).Append("</th><th>").Append(E(html.T["audit.chain"])).Append("</th></tr></thead><tbody>").Append(laneRows).Append("</tbody></table>");
        }

        return html.Page(html.T["audit.title"], sb.ToString());
    }

    /// <summary>The filters as typed (to refill the form and build the paging links) and as a query for the back office.</summary>
    private sealed record AuditForm(string? Site, string? Lane, string? Operator, string? Event, string? From, string? To)
    {
        public string QueryString(long? before)
        {
            var q = new QueryBuilder();
            q.Add("site", Site);
            q.Add("lane", Lane);
            q.Add("operator", Operator);
            q.Add("event", Event);
            q.Add("from", From);
            q.Add("to", To);
            q.Add("before", before?.ToString(CultureInfo.InvariantCulture));
            return q.ToString();
        }
    }

    private sealed class QueryBuilder
    {
        private readonly StringBuilder _sb = new();

        public void Add(string name, string? value)
        {
            if (value is not null)
            {
                _sb.Append(_sb.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        public override string ToString() => _sb.ToString();
    }

    /// <summary>Reads the filters; false for a malformed one (an unknown event, a time that is not one, a bad page number).</summary>
    private static bool TryReadAuditFilters(HttpContext c, out BackOfficeAuditQuery query, out AuditForm form)
    {
        query = new BackOfficeAuditQuery();
        form = new AuditForm(null, null, null, null, null, null);
        if (!Strict(c, "site", out string? site) || !Strict(c, "lane", out string? lane) || !Strict(c, "operator", out string? op) || !Strict(c, "event", out string? evt)
            || !Strict(c, "from", out string? from) || !Strict(c, "to", out string? to) || !Strict(c, "before", out string? before))
        {
            return false;
        }

        form = new AuditForm(site, lane, op, evt, from, to);
        query = new BackOfficeAuditQuery { Site = site, TerminalId = lane, OperatorId = op };
        if (evt is not null)
        {
            if (!Enum.TryParse(evt, ignoreCase: false, out BackOfficeAuditEventType type) || !Enum.IsDefined(type) || char.IsDigit(evt[0]))
            {
                return false;
            }

            query = query with { Type = type };
        }

        if (from is not null)
        {
            if (!TryReadInstant(from, out DateTimeOffset f))
            {
                return false;
            }

            query = query with { From = f };
        }

        if (to is not null)
        {
            if (!TryReadInstant(to, out DateTimeOffset t))
            {
                return false;
            }

            query = query with { To = t };
        }

        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out long b) || b < 1)
            {
                return false;
            }

            query = query with { BeforeSequence = b };
        }

        return true;
    }

    /// <summary>A filter parameter: absent or empty is no filter; present at most once and at most 64 characters, else the request is refused (never silently widened).</summary>
    private static bool Strict(HttpContext c, string name, out string? value)
    {
        value = null;
        if (!c.Request.Query.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values))
        {
            return true;
        }

        if (values.Count != 1 || values[0] is not { } v || v.Length > 64)
        {
            return false;
        }

        value = v.Trim() is { Length: > 0 } t ? t : null;
        return true;
    }

    /// <summary>A time as the datetime-local field sends it (<c>yyyy-MM-ddTHH:mm[:ss]</c>), read as UTC like every time on the pages.</summary>
    private static bool TryReadInstant(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    // ---- back-office users (head office) ----

    private async Task<IResult> UsersAsync(HttpContext c, string? shownOnce = null)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<IReadOnlyList<BackOfficeUserInfo>> users = await _management.ListUsersAsync(session, c.RequestAborted).ConfigureAwait(false);
        if (!users.Succeeded)
        {
            return Fail(html, users.Error!);
        }

        var sb = new StringBuilder(shownOnce ?? "");
        sb.Append(Message(html.T[_requireSecondFactorForManagers ? "users.totp.policy.all" : "users.totp.policy.admins"], "info"));
        sb.Append("<table id=\"users\"><thead><tr><th>").Append(E(html.T["users.id"])).Append("</th><th>").Append(E(html.T["users.kind"])).Append("</th><th>")
          .Append(E(html.T["users.sites"])).Append("</th><th>").Append(E(html.T["terminals.state"])).Append("</th><th>").Append(E(html.T["users.totp"])).Append("</th><th>")
          .Append(E(html.T["users.lastsignin"])).Append("</th><th></th></tr></thead><tbody>");
        foreach (BackOfficeUserInfo u in users.Value!)
        {
            string prefix = "/users/" + Uri.EscapeDataString(u.UserId);
            bool self = u.UserId == session.UserId;
            sb.Append("<tr data-user=\"").Append(E(u.UserId)).Append("\"><td>").Append(E(u.UserId)).Append("</td><td>").Append(E(html.T["kind." + u.Kind])).Append("</td><td>")
              .Append(E(u.Sites.Count == 0 ? html.T["users.allsites"] : string.Join(", ", u.Sites))).Append("</td><td class=\"state\">")
              .Append(E(html.T[u.Disabled ? "state.disabled" : "state.active"])).Append(u.DisabledReason == "unused" ? E(" (" + html.T["users.unused"] + ")") : "").Append("</td><td class=\"totp\">")
              .Append(E(html.T[u.SecondFactorEnabled ? "users.totp.on" : "users.totp.off"])).Append("</td><td>").Append(At(u.LastSignInAt)).Append("</td><td class=\"actions\">");
            if (!self)
            {
                sb.Append(html.Button(prefix + "/reset-password", html.T["action.resetpassword"], "reset"));
                if (u.SecondFactorEnabled)
                {
                    sb.Append(html.Button(prefix + "/reset-second-factor", html.T["action.resettotp"], "reset totp-reset"));
                }

                sb.Append(html.Button(prefix + (u.Disabled ? "/enable" : "/disable"), html.T[u.Disabled ? "action.enable" : "action.disable"], u.Disabled ? "enable" : "danger disable"));
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</tbody></table><h2>").Append(E(html.T["users.create"])).Append("</h2>");
        string kinds = string.Concat(Enum.GetValues<BackOfficeUserKind>().Reverse().Select(k => $"<option value=\"{k}\">{E(html.T["kind." + k])}</option>"));
        sb.Append(html.Form(
            "/users",
            Field(html.T["users.id"], "user", pattern: "[a-z0-9._\\-]{1,64}", autocomplete: "off")
            + $"<label>{E(html.T["users.kind"])}<select name=\"kind\" id=\"f-kind\">{kinds}</select></label>"
            + Field(html.T["users.sites.help"], "sites", required: false, pattern: "[A-Za-z0-9, ]{0,400}")
            + $"<button type=\"submit\" id=\"create-user\">{E(html.T["users.create"])}</button>",
            "row"));
        return html.Page(html.T["users.title"], sb.ToString());
    }

    private async Task<IResult> CreateUserAsync(HttpContext c)
    {
        await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        if (!Enum.TryParse(Form(c, "kind"), ignoreCase: false, out BackOfficeUserKind kind) || !Enum.IsDefined(kind) || char.IsDigit(Form(c, "kind").FirstOrDefault('0')))
        {
            return Fail(html, new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, ""));
        }

        string userId = Form(c, "user").Trim();
        string[] sites = Form(c, "sites").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        BackOfficeResult<string> result = await _management.CreateUserAsync(session, userId, kind, sites, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? await UsersAsync(c, Secret(html.T.Format("users.initial", userId), result.Value!, "initial-password")).ConfigureAwait(false)
            : Fail(html, result.Error!);
    }

    private async Task<IResult> ResetUserPasswordAsync(HttpContext c, string userId)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult<string> result = await _management.ResetUserPasswordAsync(session, userId, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? await UsersAsync(c, Secret(html.T.Format("users.initial", userId), result.Value!, "initial-password")).ConfigureAwait(false)
            : Fail(html, result.Error!);
    }

    private async Task<IResult> ResetUserSecondFactorAsync(HttpContext c, string userId)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult result = await _management.ResetUserSecondFactorAsync(session, userId, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded
            ? await UsersAsync(c, Message(html.T.Format("users.totp.removed", userId), "info")).ConfigureAwait(false)
            : Fail(html, result.Error!);
    }

    private async Task<IResult> SetUserAsync(HttpContext c, string userId, bool disable)
    {
        (Html html, BackOfficeSession session, IResult? redirect) = await SignedInAsync(c).ConfigureAwait(false);
        if (redirect is not null)
        {
            return redirect;
        }

        BackOfficeResult result = await _management.SetUserDisabledAsync(session, userId, disable, c.RequestAborted).ConfigureAwait(false);
        return result.Succeeded ? Results.Redirect("/users") : Fail(html, result.Error!);
    }
}
