using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PosAuth.BackOffice.Storage;

/// <summary>The read queries of the console's pages (audit filters and paging, lane activity, lane audit continuity); one set of statements for both databases.</summary>
internal sealed partial class BackOfficeStore
{
    /// <summary>
    /// One page of the audit trail, newest first, filtered in the database: only <paramref name="sites"/> (null: every
    /// site, and the records of no site when <paramref name="includeSiteless"/>), then every filter of
    /// <paramref name="filter"/> that is set, and sequences below <paramref name="before"/>.
    /// </summary>
    public Task<List<BackOfficeAuditEntry>> QueryAuditAsync(IReadOnlyCollection<string>? sites, bool includeSiteless, AuditFilter filter, long before, int max, CancellationToken ct) => ReadAsync(async c =>
    {
        var where = new StringBuilder("sequence < @before");
        var parameters = new List<(string, object?)> { ("@before", before), ("@max", max) };
        if (sites is not null)
        {
            where.Append(" AND (");
            if (sites.Count == 0)
            {
                where.Append("1 = 0");
            }
            else
            {
                where.Append("site IN (");
                int i = 0;
                foreach (string s in sites)
                {
                    string name = "@s" + i.ToString(CultureInfo.InvariantCulture) + "x";
                    where.Append(i == 0 ? "" : ", ").Append(name);
                    parameters.Add((name, s));
                    i++;
                }

                where.Append(')');
            }

            where.Append(includeSiteless ? " OR site IS NULL)" : ")");
        }
        else if (!includeSiteless)
        {
            where.Append(" AND site IS NOT NULL");
        }

        Add(filter.TerminalId, "terminal_id =", "@ft");
        Add(filter.OperatorId, "operator_id =", "@fo");
        Add(filter.Actor, "actor =", "@fa");
        Add(filter.Type is { } type ? (int)type : null, "type =", "@fy");
        Add(filter.From?.UtcTicks, "at >=", "@ff");
        Add(filter.To?.UtcTicks, "at <", "@fu");

        var list = new List<BackOfficeAuditEntry>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT sequence, type, at, site, terminal_id, operator_id, actor, code, detail FROM {_d.Table("bo_audit")} WHERE {where} ORDER BY sequence DESC LIMIT @max", ct, [.. parameters]).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new BackOfficeAuditEntry(r.GetInt64(0), (BackOfficeAuditEventType)r.GetInt32(1), Instant(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8)));
        }

        return list;

        void Add(object? value, string test, string name)
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(test).Append(' ').Append(name);
                parameters.Add((name, value));
            }
        }
    }, ct);

    /// <summary>
    /// The latest nonce expiry per lane of a site: every verified lane request stores its nonce with an expiry the
    /// verifier sets (the request's time plus twice the clock skew), kept until the maintenance sweep purges expired ones.
    /// </summary>
    public Task<Dictionary<string, DateTimeOffset>> LatestNonceExpiryAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using DbDataReader r = await QueryAsync(c, null, $"""
            SELECT n.terminal_id, MAX(n.expires_at) FROM {_d.Table("bo_nonces")} n JOIN {_d.Table("bo_terminals")} t ON t.terminal_id = n.terminal_id
            WHERE t.site = @site GROUP BY n.terminal_id
            """, ct, ("@site", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            map[r.GetString(0)] = Instant(r, 1);
        }

        return map;
    }, ct);

    /// <summary>Per lane of a site: how many of its audit records are held, the lowest and highest sequence, and when the last push arrived.</summary>
    public Task<List<LaneAuditSummary>> LaneAuditSummaryAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<LaneAuditSummary>();
        await using DbDataReader r = await QueryAsync(c, null, $"""
            SELECT terminal_id, COUNT(*), MIN(sequence), MAX(sequence), MAX(received_at) FROM {_d.Table("bo_lane_audit")}
            WHERE site = @site GROUP BY terminal_id
            """, ct, ("@site", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new LaneAuditSummary(r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture), r.GetInt64(2), r.GetInt64(3), Instant(r, 4)));
        }

        return list;
    }, ct);
}

/// <summary>The audit filters the store applies (site scoping is separate: it is the permission table's).</summary>
internal sealed record AuditFilter(string? TerminalId, string? OperatorId, string? Actor, BackOfficeAuditEventType? Type, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>What the back office holds of a lane's pushed audit trail.</summary>
internal sealed record LaneAuditSummary(string TerminalId, long Count, long FirstSequence, long LastSequence, DateTimeOffset LastReceivedAt);
