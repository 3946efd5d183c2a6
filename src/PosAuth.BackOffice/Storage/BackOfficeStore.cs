using System.Data.Common;
using System.Text.Json;
using PosAuth.BackOffice.Audit;
using PosAuth.Storage;

namespace PosAuth.BackOffice.Storage;

/// <summary>
/// The back office's state in its own tables, on PostgreSQL or SQLite (one set of statements, <see cref="SqlDialect"/>
/// for the differences). Every change that a management action or a lane causes is written in ONE transaction together
/// with its audit record, so nothing is changed without being audited. Faults that pass by themselves are
/// <see cref="StoreUnavailableException"/>: the lane API answers 503 and lanes fail closed.
/// </summary>
internal sealed partial class BackOfficeStore : IAsyncDisposable
{
    private const string OperatorColumns = "site, operator_id, role, pin_hash, must_change_pin, must_change_reason, disabled, disabled_reason, display_name, created_at, pin_changed_at, pin_expires_at, pin_history, credential_epoch, deleted, change_seq, last_sign_in_at";
    private const string UserColumns = "user_id, kind, sites, password_hash, must_change_password, password_history, totp_secret, totp_enabled, totp_last_step, disabled, disabled_reason, created_at, last_sign_in_at, password_changed_at, version";
    private const string TerminalColumns = "terminal_id, site, serial, key_generation, disabled, created_at, created_by";

    private readonly SqlDialect _d;
    private readonly AuditChain _chain;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public BackOfficeStore(SqlDialect dialect, AuditChain chain)
    {
        _d = dialect;
        _chain = chain;
    }

    public SqlDialect Dialect => _d;

    public ValueTask DisposeAsync() => _d.DisposeAsync();

    // ---- sites ----

    public Task<bool> TryCreateSiteAsync(SiteRecord site, AuditDraft audit, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        int n = await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_sites")} (site, name, change_seq, created_at) VALUES (@s, @n, 0, @at) ON CONFLICT (site) DO NOTHING", ct,
            ("@s", site.Site), ("@n", site.Name), ("@at", site.CreatedAt.UtcTicks)).ConfigureAwait(false);
        if (n == 1)
        {
            await AppendAuditInAsync(c, t, [audit], ct).ConfigureAwait(false);
        }

        return n == 1;
    }, ct);

    public Task<SiteRecord?> GetSiteAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT site, name, change_seq, created_at FROM {_d.Table("bo_sites")} WHERE site = @s", ct, ("@s", site)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadSite(r) : null;
    }, ct);

    public Task<List<SiteRecord>> ListSitesAsync(CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<SiteRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT site, name, change_seq, created_at FROM {_d.Table("bo_sites")} ORDER BY site", ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadSite(r));
        }

        return list;
    }, ct);

    // ---- terminals ----

    public Task<bool> TryCreateTerminalAsync(TerminalRecord terminal, AuditDraft audit, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        int n = await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_terminals")} ({TerminalColumns}) VALUES (@id, @s, @serial, @g, @dis, @at, @by) ON CONFLICT (terminal_id) DO NOTHING", ct,
            ("@id", terminal.TerminalId), ("@s", terminal.Site), ("@serial", terminal.Serial), ("@g", terminal.KeyGeneration), ("@dis", Flag(terminal.Disabled)),
            ("@at", terminal.CreatedAt.UtcTicks), ("@by", terminal.CreatedBy)).ConfigureAwait(false);
        if (n == 1)
        {
            await AppendAuditInAsync(c, t, [audit], ct).ConfigureAwait(false);
        }

        return n == 1;
    }, ct);

    public Task<TerminalRecord?> GetTerminalAsync(string terminalId, CancellationToken ct) => ReadAsync(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {TerminalColumns} FROM {_d.Table("bo_terminals")} WHERE terminal_id = @id", ct, ("@id", terminalId)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadTerminal(r) : null;
    }, ct);

    public Task<List<TerminalRecord>> ListTerminalsAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<TerminalRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {TerminalColumns} FROM {_d.Table("bo_terminals")} WHERE site = @s ORDER BY terminal_id", ct, ("@s", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadTerminal(r));
        }

        return list;
    }, ct);

    /// <summary>Sets a terminal's flag (and optionally a new key generation) with its audit record; false when there is no such terminal.</summary>
    public Task<bool> UpdateTerminalAsync(string terminalId, bool disabled, int? keyGeneration, AuditDraft audit, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        string sql = keyGeneration is null
            ? $"UPDATE {_d.Table("bo_terminals")} SET disabled = @dis WHERE terminal_id = @id"
            : $"UPDATE {_d.Table("bo_terminals")} SET disabled = @dis, key_generation = @g WHERE terminal_id = @id";
        int n = await ExecAsync(c, t, sql, ct, ("@dis", Flag(disabled)), ("@id", terminalId), ("@g", keyGeneration ?? 0)).ConfigureAwait(false);
        if (n == 1)
        {
            await AppendAuditInAsync(c, t, [audit], ct).ConfigureAwait(false);
        }

        return n == 1;
    }, ct);

    // ---- the directory ----

    public Task<OperatorRecord?> GetOperatorAsync(string site, string operatorId, CancellationToken ct) => ReadAsync(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {OperatorColumns} FROM {_d.Table("bo_operators")} WHERE site = @s AND operator_id = @o", ct, ("@s", site), ("@o", operatorId)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadOperator(r) : null;
    }, ct);

    public Task<List<OperatorRecord>> ListOperatorsAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<OperatorRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {OperatorColumns} FROM {_d.Table("bo_operators")} WHERE site = @s AND deleted = 0 ORDER BY operator_id", ct, ("@s", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadOperator(r));
        }

        return list;
    }, ct);

    /// <summary>The site's changes after <paramref name="since"/> (at most <paramref name="max"/>), and the site's latest change sequence.</summary>
    public Task<(List<OperatorRecord> Changes, long Head)> ChangesSinceAsync(string site, long since, int max, CancellationToken ct) => ReadAsync(async c =>
    {
        // Read the head first: a change committed after this read has a higher sequence and will be read next time.
        long head;
        await using (DbDataReader h = await QueryAsync(c, null, $"SELECT change_seq FROM {_d.Table("bo_sites")} WHERE site = @s", ct, ("@s", site)).ConfigureAwait(false))
        {
            head = await h.ReadAsync(ct).ConfigureAwait(false) ? h.GetInt64(0) : 0;
        }

        var list = new List<OperatorRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {OperatorColumns} FROM {_d.Table("bo_operators")} WHERE site = @s AND change_seq > @since AND change_seq <= @head ORDER BY change_seq LIMIT @max", ct,
            ("@s", site), ("@since", since), ("@head", head), ("@max", max)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadOperator(r));
        }

        return (list, head);
    }, ct);

    /// <summary>
    /// Changes one operator of <paramref name="site"/> in one transaction: takes the site's change-sequence row (which
    /// orders every change of the site), reads the operator under that lock, lets <paramref name="decide"/> compute the
    /// new version from the current one and the next sequence number, and writes it with its audit records. When
    /// <paramref name="decide"/> returns no record, nothing is written but the audit records it returns (a refusal is
    /// audited too) and no sequence number is used up.
    /// </summary>
    /// <returns>The decision; <see cref="OperatorMutation.SiteMissing"/> when the site does not exist.</returns>
    public Task<OperatorMutation> MutateOperatorAsync(string site, string operatorId, Func<OperatorRecord?, long, OperatorMutation> decide, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        long current;
        await using (DbDataReader s = await QueryAsync(c, t, $"SELECT change_seq FROM {_d.Table("bo_sites")} WHERE site = @s{_d.ForUpdate}", ct, ("@s", site)).ConfigureAwait(false))
        {
            if (!await s.ReadAsync(ct).ConfigureAwait(false))
            {
                return OperatorMutation.SiteMissing;
            }

            current = s.GetInt64(0);
        }

        OperatorRecord? existing;
        await using (DbDataReader r = await QueryAsync(c, t, $"SELECT {OperatorColumns} FROM {_d.Table("bo_operators")} WHERE site = @s AND operator_id = @o", ct, ("@s", site), ("@o", operatorId)).ConfigureAwait(false))
        {
            existing = await r.ReadAsync(ct).ConfigureAwait(false) ? ReadOperator(r) : null;
        }

        OperatorMutation decision = decide(existing, current + 1);
        if (decision.Updated is { } next)
        {
            OperatorRecord stored = next with { Site = site, OperatorId = operatorId, ChangeSeq = current + 1 };
            await ExecAsync(c, t, $"UPDATE {_d.Table("bo_sites")} SET change_seq = @seq WHERE site = @s", ct, ("@seq", current + 1), ("@s", site)).ConfigureAwait(false);
            string sql = existing is null
                ? $"INSERT INTO {_d.Table("bo_operators")} ({OperatorColumns}) VALUES (@s, @o, @role, @hash, @mc, @mcr, @dis, @disr, @dn, @ca, @pca, @pea, @hist, @ep, @del, @seq, @lsi)"
                : $"""
                  UPDATE {_d.Table("bo_operators")} SET role = @role, pin_hash = @hash, must_change_pin = @mc, must_change_reason = @mcr, disabled = @dis,
                      disabled_reason = @disr, display_name = @dn, created_at = @ca, pin_changed_at = @pca, pin_expires_at = @pea, pin_history = @hist,
                      credential_epoch = @ep, deleted = @del, change_seq = @seq, last_sign_in_at = @lsi
                  WHERE site = @s AND operator_id = @o
                  """;
            await ExecAsync(c, t, sql, ct, OperatorParameters(stored)).ConfigureAwait(false);
            decision = decision with { Updated = stored };
        }

        if (decision.Audit.Count > 0)
        {
            await AppendAuditInAsync(c, t, decision.Audit, ct).ConfigureAwait(false);
        }

        return decision;
    }, ct);

    /// <summary>Records a sign-in (not a directory change: lanes do not need it).</summary>
    public Task SetLastSignInAsync(string site, string operatorId, DateTimeOffset at, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"UPDATE {_d.Table("bo_operators")} SET last_sign_in_at = @at WHERE site = @s AND operator_id = @o AND (last_sign_in_at IS NULL OR last_sign_in_at < @at)", ct,
            ("@at", at.UtcTicks), ("@s", site), ("@o", operatorId)).ConfigureAwait(false), ct);

    // ---- users and sessions ----

    public Task<UserRecord?> GetUserAsync(string userId, CancellationToken ct) => ReadAsync(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {UserColumns} FROM {_d.Table("bo_users")} WHERE user_id = @u", ct, ("@u", userId)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadUser(r) : null;
    }, ct);

    public Task<List<UserRecord>> ListUsersAsync(CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<UserRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {UserColumns} FROM {_d.Table("bo_users")} ORDER BY user_id", ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadUser(r));
        }

        return list;
    }, ct);

    public Task<bool> TryCreateUserAsync(UserRecord user, AuditDraft? audit, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        int n = await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_users")} ({UserColumns}) VALUES (@u, @k, @sites, @ph, @mcp, @phist, @totp, @te, @tls, @dis, @disr, @ca, @lsi, @pca, 1) ON CONFLICT (user_id) DO NOTHING", ct,
            UserParameters(user)).ConfigureAwait(false);
        if (n == 1 && audit is { } a)
        {
            await AppendAuditInAsync(c, t, [a], ct).ConfigureAwait(false);
        }

        return n == 1;
    }, ct);

    /// <summary>Compare-and-swap of a user on <paramref name="expectedVersion"/>, with its audit records when it applies.</summary>
    public Task<bool> TryUpdateUserAsync(UserRecord user, long expectedVersion, IReadOnlyList<AuditDraft> audit, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        var parameters = new List<(string, object?)>(UserParameters(user)) { ("@expected", expectedVersion), ("@next", expectedVersion + 1) };
        int n = await ExecAsync(c, t, $"""
            UPDATE {_d.Table("bo_users")} SET kind = @k, sites = @sites, password_hash = @ph, must_change_password = @mcp, password_history = @phist,
                totp_secret = @totp, totp_enabled = @te, totp_last_step = @tls, disabled = @dis, disabled_reason = @disr, created_at = @ca,
                last_sign_in_at = @lsi, password_changed_at = @pca, version = @next
            WHERE user_id = @u AND version = @expected
            """, ct, [.. parameters]).ConfigureAwait(false);
        if (n == 1 && audit.Count > 0)
        {
            await AppendAuditInAsync(c, t, audit, ct).ConfigureAwait(false);
        }

        return n == 1;
    }, ct);

    public Task CreateSessionAsync(SessionRecord session, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_sessions")} (token_hash, user_id, created_at, last_seen_at, second_factor_done) VALUES (@h, @u, @ca, @ls, @sf)", ct,
            ("@h", session.TokenHash), ("@u", session.UserId), ("@ca", session.CreatedAt.UtcTicks), ("@ls", session.LastSeenAt.UtcTicks), ("@sf", Flag(session.SecondFactorDone))).ConfigureAwait(false), ct);

    public Task<SessionRecord?> GetSessionAsync(string tokenHash, CancellationToken ct) => ReadAsync(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT token_hash, user_id, created_at, last_seen_at, second_factor_done FROM {_d.Table("bo_sessions")} WHERE token_hash = @h", ct, ("@h", tokenHash)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false)
            ? new SessionRecord(r.GetString(0), r.GetString(1), Instant(r, 2), Instant(r, 3), r.GetInt32(4) != 0)
            : null;
    }, ct);

    public Task TouchSessionAsync(string tokenHash, DateTimeOffset at, bool? secondFactorDone, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, secondFactorDone is { } sf
                ? $"UPDATE {_d.Table("bo_sessions")} SET last_seen_at = @ls, second_factor_done = @sf WHERE token_hash = @h"
                : $"UPDATE {_d.Table("bo_sessions")} SET last_seen_at = @ls WHERE token_hash = @h",
            ct, ("@ls", at.UtcTicks), ("@h", tokenHash), ("@sf", Flag(secondFactorDone ?? false))).ConfigureAwait(false), ct);

    public Task DeleteSessionAsync(string tokenHash, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"DELETE FROM {_d.Table("bo_sessions")} WHERE token_hash = @h", ct, ("@h", tokenHash)).ConfigureAwait(false), ct);

    public Task DeleteSessionsOfUserAsync(string userId, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"DELETE FROM {_d.Table("bo_sessions")} WHERE user_id = @u", ct, ("@u", userId)).ConfigureAwait(false), ct);

    // ---- replay protection ----

    /// <summary>Records a lane request's nonce; false when that terminal already used it (a replay).</summary>
    public Task<bool> TryUseNonceAsync(string terminalId, string nonce, DateTimeOffset expiresAt, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_nonces")} (terminal_id, nonce, expires_at) VALUES (@t, @n, @e) ON CONFLICT (terminal_id, nonce) DO NOTHING", ct,
            ("@t", terminalId), ("@n", nonce), ("@e", expiresAt.UtcTicks)).ConfigureAwait(false) == 1, ct);

    public Task<int> PurgeNoncesAsync(DateTimeOffset now, CancellationToken ct) => WriteAsync(async (c, t) =>
        await ExecAsync(c, t, $"DELETE FROM {_d.Table("bo_nonces")} WHERE expires_at < @now", ct, ("@now", now.UtcTicks)).ConfigureAwait(false), ct);

    // ---- audit ----

    public Task AppendAuditAsync(IReadOnlyList<AuditDraft> drafts, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        await AppendAuditInAsync(c, t, drafts, ct).ConfigureAwait(false);
        return 0;
    }, ct);

    public Task<List<BackOfficeAuditEntry>> ReadAuditAsync(IReadOnlyCollection<string>? sites, bool includeSiteless, long after, int max, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<BackOfficeAuditEntry>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT sequence, type, at, site, terminal_id, operator_id, actor, code, detail FROM {_d.Table("bo_audit")} WHERE sequence > @after ORDER BY sequence", ct, ("@after", after)).ConfigureAwait(false);
        while (list.Count < max && await r.ReadAsync(ct).ConfigureAwait(false))
        {
            string? site = Text(r, 3);
            if (sites is not null && !(site is null ? includeSiteless : sites.Contains(site)))
            {
                continue;
            }

            list.Add(new BackOfficeAuditEntry(r.GetInt64(0), (BackOfficeAuditEventType)r.GetInt32(1), Instant(r, 2), site, Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8)));
        }

        return list;
    }, ct);

    /// <summary>Verifies the whole trail against its authenticated head (the same chain as the lanes' audit stores).</summary>
    public Task<AuditChainVerification> VerifyAuditAsync(CancellationToken ct) => ReadAsync(async c =>
    {
        AuditChainHead head = await ReadHeadAsync(c, null, ct).ConfigureAwait(false) ?? _chain.NewHead();
        var records = new List<AuditChainRecord>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT sequence, type, at, site, terminal_id, operator_id, actor, code, detail, mac FROM {_d.Table("bo_audit")} ORDER BY sequence", ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var draft = new AuditDraft((BackOfficeAuditEventType)r.GetInt32(1), Instant(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8));
            records.Add(new AuditChainRecord(r.GetInt64(0), ChainEvent(draft), (byte[])r.GetValue(9)));
        }

        return _chain.Verify(head, records, cancellationToken: ct);
    }, ct);

    // ---- lane audit ----

    /// <summary>
    /// Stores a lane's audit records idempotently (a record already held is kept as it was); returns how many were new.
    /// A record that arrives again with different content is a break of the lane's chain (a rewritten trail, or two lanes
    /// on one key): it is kept out, noted in <c>bo_lane_audit_conflicts</c> and audited (<c>LaneAuditChainBroken</c>).
    /// The timestamp is not compared: the lane moves it onto the back office's clock with an offset it re-measures.
    /// </summary>
    public Task<(int Inserted, int Conflicts)> InsertLaneAuditAsync(string site, IReadOnlyList<LaneAuditRow> rows, DateTimeOffset receivedAt, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        int inserted = 0;
        var conflicts = new List<long>();
        foreach (LaneAuditRow row in rows)
        {
            int n = await ExecAsync(c, t, $"""
                INSERT INTO {_d.Table("bo_lane_audit")} (terminal_id, sequence, site, type, at, operator_id, actor_id, code, detail, received_at)
                VALUES (@t, @seq, @s, @type, @at, @o, @a, @code, @detail, @recv) ON CONFLICT (terminal_id, sequence) DO NOTHING
                """, ct, ("@t", row.TerminalId), ("@seq", row.Sequence), ("@s", site), ("@type", row.Type), ("@at", row.Timestamp.UtcTicks),
                ("@o", row.OperatorId), ("@a", row.ActorId), ("@code", row.Code), ("@detail", row.Detail), ("@recv", receivedAt.UtcTicks)).ConfigureAwait(false);
            inserted += n;
            if (n == 1)
            {
                continue;
            }

            LaneAuditRow? held = null;
            await using (DbDataReader r = await QueryAsync(c, t, $"SELECT terminal_id, sequence, type, at, operator_id, actor_id, code, detail FROM {_d.Table("bo_lane_audit")} WHERE terminal_id = @t AND sequence = @seq", ct, ("@t", row.TerminalId), ("@seq", row.Sequence)).ConfigureAwait(false))
            {
                if (await r.ReadAsync(ct).ConfigureAwait(false))
                {
                    held = new LaneAuditRow(r.GetString(0), r.GetInt64(1), r.GetInt32(2), Instant(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7));
                }
            }

            if (held is not null && held with { Timestamp = row.Timestamp } != row && await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_lane_audit_conflicts")} (terminal_id, sequence, site, received_at) VALUES (@t, @seq, @s, @recv) ON CONFLICT (terminal_id, sequence) DO NOTHING", ct,
                ("@t", row.TerminalId), ("@seq", row.Sequence), ("@s", site), ("@recv", receivedAt.UtcTicks)).ConfigureAwait(false) == 1)
            {
                conflicts.Add(row.Sequence);
            }
        }

        if (conflicts.Count > 0)
        {
            await AppendAuditInAsync(c, t, [new AuditDraft(BackOfficeAuditEventType.LaneAuditChainBroken, receivedAt, site, rows[0].TerminalId, null, "terminal:" + rows[0].TerminalId, "record_differs",
                "sequences " + string.Join(',', conflicts.Take(20)))], ct).ConfigureAwait(false);
        }

        return (inserted, conflicts.Count);
    }, ct);

    /// <summary>Per lane of the site: how its pushed audit trail stands (records, range, the first gap, differing repeats).</summary>
    public Task<List<LaneAuditChainRow>> LaneAuditChainsAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<LaneAuditChainRow>();
        await using DbDataReader r = await QueryAsync(c, null, $"""
            SELECT t.terminal_id, COUNT(a.sequence), COALESCE(MIN(a.sequence), 0), COALESCE(MAX(a.sequence), 0), MAX(a.received_at),
                (SELECT COUNT(*) FROM {_d.Table("bo_lane_audit_conflicts")} x WHERE x.terminal_id = t.terminal_id),
                (SELECT MIN(a1.sequence) FROM {_d.Table("bo_lane_audit")} a1 WHERE a1.terminal_id = t.terminal_id
                    AND NOT EXISTS (SELECT 1 FROM {_d.Table("bo_lane_audit")} a2 WHERE a2.terminal_id = a1.terminal_id AND a2.sequence = a1.sequence + 1)
                    AND a1.sequence < (SELECT MAX(a3.sequence) FROM {_d.Table("bo_lane_audit")} a3 WHERE a3.terminal_id = t.terminal_id))
            FROM {_d.Table("bo_terminals")} t LEFT JOIN {_d.Table("bo_lane_audit")} a ON a.terminal_id = t.terminal_id
            WHERE t.site = @s GROUP BY t.terminal_id ORDER BY t.terminal_id
            """, ct, ("@s", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            long count = r.GetInt64(1);
            long first = r.GetInt64(2);
            long last = r.GetInt64(3);
            long? firstGapAfter = r.IsDBNull(6) ? null : r.GetInt64(6);
            list.Add(new LaneAuditChainRow(r.GetString(0), count, first, last, count == 0 ? 0 : last - first + 1 - count, r.GetInt64(5), firstGapAfter, r.IsDBNull(4) ? null : Instant(r, 4)));
        }

        return list;
    }, ct);

    /// <summary>The highest sequence of the lane's trail held with every record from the first one held up to it.</summary>
    public Task<long> LaneAuditThroughAsync(string terminalId, CancellationToken ct) => ReadAsync(async c =>
    {
        long expected = -1;
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT sequence FROM {_d.Table("bo_lane_audit")} WHERE terminal_id = @t ORDER BY sequence", ct, ("@t", terminalId)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            long s = r.GetInt64(0);
            if (expected >= 0 && s != expected + 1)
            {
                break;
            }

            expected = s;
        }

        return Math.Max(0, expected);
    }, ct);

    public Task<List<LaneAuditRow>> ReadLaneAuditAsync(string terminalId, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<LaneAuditRow>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT terminal_id, sequence, type, at, operator_id, actor_id, code, detail FROM {_d.Table("bo_lane_audit")} WHERE terminal_id = @t ORDER BY sequence", ct, ("@t", terminalId)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new LaneAuditRow(r.GetString(0), r.GetInt64(1), r.GetInt32(2), Instant(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7)));
        }

        return list;
    }, ct);

    // ---- attempt leases ----

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction that first locks the operator's guard row: every charge, lease
    /// grant and lease report of one operator runs under it, one at a time across every instance of the back office.
    /// </summary>
    public Task<T> GuardedAsync<T>(string site, string operatorId, Func<LeaseSession, Task<T>> body, CancellationToken ct) => WriteAsync(async (c, t) =>
    {
        await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_lease_guard")} (site, operator_id) VALUES (@s, @o) ON CONFLICT (site, operator_id) DO NOTHING", ct, ("@s", site), ("@o", operatorId)).ConfigureAwait(false);
        await using (DbDataReader r = await QueryAsync(c, t, $"SELECT site FROM {_d.Table("bo_lease_guard")} WHERE site = @s AND operator_id = @o{_d.ForUpdate}", ct, ("@s", site), ("@o", operatorId)).ConfigureAwait(false))
        {
            await r.ReadAsync(ct).ConfigureAwait(false);
        }

        return await body(new LeaseSession(this, c, t, site, operatorId, ct)).ConfigureAwait(false);
    }, ct);

    /// <summary>Where a lease of <paramref name="terminalId"/> is (site and operator), or null when the lane holds no such lease.</summary>
    public Task<(string Site, string OperatorId)?> FindLeaseAsync(string terminalId, string leaseId, CancellationToken ct) => ReadAsync<(string, string)?>(async c =>
    {
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT site, operator_id FROM {_d.Table("bo_leases")} WHERE lease_id = @l AND terminal_id = @t", ct, ("@l", leaseId), ("@t", terminalId)).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? (r.GetString(0), r.GetString(1)) : null;
    }, ct);

    /// <summary>The active leases of a lane that the back office asked back.</summary>
    public Task<List<string>> RecalledLeasesAsync(string terminalId, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<string>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT lease_id FROM {_d.Table("bo_leases")} WHERE terminal_id = @t AND state = 0 AND recall = 1 ORDER BY lease_id LIMIT 100", ct, ("@t", terminalId)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }, ct);

    /// <summary>Every lease of a site (for tests and the management view).</summary>
    public Task<List<LeaseRow>> ListLeasesAsync(string site, CancellationToken ct) => ReadAsync(async c =>
    {
        var list = new List<LeaseRow>();
        await using DbDataReader r = await QueryAsync(c, null, $"SELECT {LeaseColumns} FROM {_d.Table("bo_leases")} WHERE site = @s ORDER BY operator_id, granted_at", ct, ("@s", site)).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadLease(r));
        }

        return list;
    }, ct);

    internal const string LeaseColumns = "site, operator_id, lease_id, terminal_id, epoch, attempts, failed, refunded, state, recall, granted_at, reclaim_at";

    internal static LeaseRow ReadLease(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
        (LeaseState)r.GetInt32(8), r.GetInt32(9) != 0, new DateTimeOffset(r.GetInt64(10), TimeSpan.Zero), new DateTimeOffset(r.GetInt64(11), TimeSpan.Zero));

    /// <summary>The lease statements of one guarded transaction (see <see cref="GuardedAsync"/>).</summary>
    internal sealed class LeaseSession(BackOfficeStore store, DbConnection c, DbTransaction t, string site, string operatorId, CancellationToken ct)
    {
        private SqlDialect D => store._d;

        /// <summary>The operator's leases that still count (state active).</summary>
        public async Task<List<LeaseRow>> ActiveAsync()
        {
            var list = new List<LeaseRow>();
            await using DbDataReader r = await QueryAsync(c, t, $"SELECT {LeaseColumns} FROM {D.Table("bo_leases")} WHERE site = @s AND operator_id = @o AND state = 0", ct, ("@s", site), ("@o", operatorId)).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                list.Add(ReadLease(r));
            }

            return list;
        }

        public async Task<LeaseRow?> GetAsync(string leaseId)
        {
            await using DbDataReader r = await QueryAsync(c, t, $"SELECT {LeaseColumns} FROM {D.Table("bo_leases")} WHERE site = @s AND operator_id = @o AND lease_id = @l", ct, ("@s", site), ("@o", operatorId), ("@l", leaseId)).ConfigureAwait(false);
            return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadLease(r) : null;
        }

        public Task<int> InsertAsync(LeaseRow l) => ExecAsync(c, t, $"INSERT INTO {D.Table("bo_leases")} ({LeaseColumns}) VALUES (@s, @o, @l, @t, @ep, @a, @f, @r, @st, @rc, @ga, @ra)", ct,
            ("@s", site), ("@o", operatorId), ("@l", l.LeaseId), ("@t", l.TerminalId), ("@ep", l.Epoch), ("@a", l.Attempts), ("@f", l.Failed), ("@r", l.Refunded),
            ("@st", (int)l.State), ("@rc", l.Recall ? 1 : 0), ("@ga", l.GrantedAt.UtcTicks), ("@ra", l.ReclaimAt.UtcTicks));

        public Task<int> UpdateAsync(LeaseRow l) => ExecAsync(c, t, $"UPDATE {D.Table("bo_leases")} SET failed = @f, refunded = @r, state = @st, recall = @rc WHERE site = @s AND operator_id = @o AND lease_id = @l", ct,
            ("@s", site), ("@o", operatorId), ("@l", l.LeaseId), ("@f", l.Failed), ("@r", l.Refunded), ("@st", (int)l.State), ("@rc", l.Recall ? 1 : 0));

        /// <summary>Asks every other lane for its active lease of this operator back.</summary>
        public Task<int> RecallOthersAsync(string terminalId) => ExecAsync(c, t, $"UPDATE {D.Table("bo_leases")} SET recall = 1 WHERE site = @s AND operator_id = @o AND state = 0 AND terminal_id <> @t AND recall = 0", ct,
            ("@s", site), ("@o", operatorId), ("@t", terminalId));

        public Task AuditAsync(IReadOnlyList<AuditDraft> drafts) => store.AppendAuditInAsync(c, t, drafts, ct);
    }

    // ---- plumbing ----

    private async Task AppendAuditInAsync(DbConnection c, DbTransaction t, IReadOnlyList<AuditDraft> drafts, CancellationToken ct)
    {
        AuditChainHead? stored = await ReadHeadAsync(c, t, ct).ConfigureAwait(false);
        AuditChainHead head = stored ?? _chain.NewHead();
        if (!_chain.IsAuthentic(head))
        {
            throw new InvalidOperationException("The back office's audit chain head is not authentic (edited, or another key): nothing is appended. Verify the trail.");
        }

        foreach (AuditDraft draft in drafts)
        {
            (long sequence, byte[] mac, AuditChainHead next) = _chain.Append(head, ChainEvent(draft));
            await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_audit")} (sequence, type, at, site, terminal_id, operator_id, actor, code, detail, mac) VALUES (@seq, @type, @at, @s, @t, @o, @a, @code, @detail, @mac)", ct,
                ("@seq", sequence), ("@type", (int)draft.Type), ("@at", draft.At.UtcTicks), ("@s", draft.Site), ("@t", draft.TerminalId), ("@o", draft.OperatorId),
                ("@a", draft.Actor), ("@code", draft.Code), ("@detail", draft.Detail), ("@mac", mac)).ConfigureAwait(false);
            head = next;
        }

        string write = stored is null
            ? $"INSERT INTO {_d.Table("bo_audit_head")} (id, first_sequence, start_mac, last_sequence, last_mac, head_mac) VALUES (1, @f, @sm, @l, @lm, @hm)"
            : $"UPDATE {_d.Table("bo_audit_head")} SET first_sequence = @f, start_mac = @sm, last_sequence = @l, last_mac = @lm, head_mac = @hm WHERE id = 1";
        await ExecAsync(c, t, write, ct, ("@f", head.FirstSequence), ("@sm", head.StartMac), ("@l", head.LastSequence), ("@lm", head.LastMac), ("@hm", head.HeadMac)).ConfigureAwait(false);
    }

    private async Task<AuditChainHead?> ReadHeadAsync(DbConnection c, DbTransaction? t, CancellationToken ct)
    {
        await using DbDataReader r = await QueryAsync(c, t, $"SELECT first_sequence, start_mac, last_sequence, last_mac, head_mac FROM {_d.Table("bo_audit_head")} WHERE id = 1{(t is null ? "" : _d.ForUpdate)}", ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false)
            ? new AuditChainHead(r.GetInt64(0), (byte[])r.GetValue(1), r.GetInt64(2), (byte[])r.GetValue(3), (byte[])r.GetValue(4))
            : null;
    }

    /// <summary>
    /// The record as the shared <see cref="AuditChain"/> format sees it: the back office's event number as the type, the
    /// site folded into the detail (so moving a record to another site breaks its MAC).
    /// </summary>
    private static AuditEvent ChainEvent(in AuditDraft d) =>
        new((AuditEventType)(int)d.Type, d.At, d.TerminalId, d.OperatorId, d.Actor, d.Code, "site=" + (d.Site ?? "-") + (d.Detail is null ? "" : "; " + d.Detail));

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using DbConnection c = await _d.OpenAsync(ct).ConfigureAwait(false);
            await using DbTransaction t = await _d.BeginAsync(c, ct).ConfigureAwait(false);
            if (_d is PostgreSqlDialect pg)
            {
                // Processes starting together migrate once: the others wait here, then see the tables.
                await ExecAsync(c, t, $"CREATE SCHEMA IF NOT EXISTS \"{pg.SchemaName}\"", ct).ConfigureAwait(false);
                await ExecAsync(c, t, "SELECT pg_advisory_xact_lock(1349415745, hashtext(@s))", ct, ("@s", "backoffice:" + pg.SchemaName)).ConfigureAwait(false);
            }

            await ExecAsync(c, t, $"CREATE TABLE IF NOT EXISTS {_d.Table("bo_schema")} (version INTEGER NOT NULL PRIMARY KEY)", ct).ConfigureAwait(false);
            long version;
            await using (DbDataReader r = await QueryAsync(c, t, $"SELECT COALESCE(MAX(version), 0) FROM {_d.Table("bo_schema")}", ct).ConfigureAwait(false))
            {
                await r.ReadAsync(ct).ConfigureAwait(false);
                version = Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (version > BackOfficeSchema.LatestVersion)
            {
                throw new InvalidOperationException($"The back office's schema is version {version}, newer than the {BackOfficeSchema.LatestVersion} this version of PosAuth.BackOffice knows. Upgrade the back office; the database was not changed.");
            }

            if (version < 1)
            {
                foreach (string statement in _d.Schema)
                {
                    await ExecAsync(c, t, statement, ct).ConfigureAwait(false);
                }

                await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_schema")} (version) VALUES (1)", ct).ConfigureAwait(false);
            }

            if (version < 2)
            {
                foreach (string statement in BackOfficeSchema.Version2(_d))
                {
                    await ExecAsync(c, t, statement, ct).ConfigureAwait(false);
                }

                await ExecAsync(c, t, $"INSERT INTO {_d.Table("bo_schema")} (version) VALUES (2)", ct).ConfigureAwait(false);
            }

            await t.CommitAsync(ct).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> body, CancellationToken ct)
    {
        try
        {
            await EnsureSchemaAsync(ct).ConfigureAwait(false);
            await using DbConnection c = await _d.OpenAsync(ct).ConfigureAwait(false);
            return await body(c).ConfigureAwait(false);
        }
        catch (Exception ex) when (_d.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The back office's database is unavailable.", ex);
        }
    }

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken ct)
    {
        try
        {
            await EnsureSchemaAsync(ct).ConfigureAwait(false);
            await using DbConnection c = await _d.OpenAsync(ct).ConfigureAwait(false);
            await using DbTransaction t = await _d.BeginAsync(c, ct).ConfigureAwait(false);
            T result = await body(c, t).ConfigureAwait(false);
            await t.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (_d.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The back office's database is unavailable.", ex);
        }
    }

    private static async Task<int> ExecAsync(DbConnection c, DbTransaction? t, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using DbCommand command = Command(c, t, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<DbDataReader> QueryAsync(DbConnection c, DbTransaction? t, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = Command(c, t, sql, parameters);
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection c, DbTransaction? t, string sql, (string Name, object? Value)[] parameters)
    {
        DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = t;
        foreach ((string name, object? value) in parameters)
        {
            if (!sql.Contains(name, StringComparison.Ordinal))
            {
                continue;
            }

            DbParameter p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // An untyped NULL: PostgreSQL infers the column's type from the statement.
                p.DbType = name is "@totp" or "@mac" ? System.Data.DbType.Binary : name is "@pca" or "@pea" or "@lsi" or "@e" ? System.Data.DbType.Int64 : System.Data.DbType.String;
            }

            command.Parameters.Add(p);
        }

        return command;
    }

    private static int Flag(bool value) => value ? 1 : 0;

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Instant(DbDataReader r, int i) => new(r.GetInt64(i), TimeSpan.Zero);

    private static DateTimeOffset? NullableInstant(DbDataReader r, int i) => r.IsDBNull(i) ? null : Instant(r, i);

    private static string[] JsonArray(DbDataReader r, int i) =>
        JsonSerializer.Deserialize(r.GetString(i), BackOfficeStoreJsonContext.Default.StringArray) ?? [];

    private static string ToJson(string[] values) => JsonSerializer.Serialize(values, BackOfficeStoreJsonContext.Default.StringArray);

    private static SiteRecord ReadSite(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), Instant(r, 3));

    private static TerminalRecord ReadTerminal(DbDataReader r) => new()
    {
        TerminalId = r.GetString(0),
        Site = r.GetString(1),
        Serial = Text(r, 2),
        KeyGeneration = r.GetInt32(3),
        Disabled = r.GetInt32(4) != 0,
        CreatedAt = Instant(r, 5),
        CreatedBy = Text(r, 6),
    };

    private static OperatorRecord ReadOperator(DbDataReader r) => new()
    {
        Site = r.GetString(0),
        OperatorId = r.GetString(1),
        Role = (OperatorRole)r.GetInt32(2),
        PinHash = Text(r, 3),
        MustChangePin = r.GetInt32(4) != 0,
        MustChangePinReason = (PinChangeReason)r.GetInt32(5),
        Disabled = r.GetInt32(6) != 0,
        DisabledReason = Text(r, 7),
        DisplayName = Text(r, 8),
        CreatedAt = Instant(r, 9),
        PinChangedAt = NullableInstant(r, 10),
        PinExpiresAt = NullableInstant(r, 11),
        PinHistory = JsonArray(r, 12),
        CredentialEpoch = r.GetInt64(13),
        Deleted = r.GetInt32(14) != 0,
        ChangeSeq = r.GetInt64(15),
        LastSignInAt = NullableInstant(r, 16),
    };

    private static (string, object?)[] OperatorParameters(OperatorRecord o) =>
    [
        ("@s", o.Site), ("@o", o.OperatorId), ("@role", (int)o.Role), ("@hash", o.PinHash), ("@mc", Flag(o.MustChangePin)), ("@mcr", (int)o.MustChangePinReason),
        ("@dis", Flag(o.Disabled)), ("@disr", o.DisabledReason), ("@dn", o.DisplayName), ("@ca", o.CreatedAt.UtcTicks), ("@pca", o.PinChangedAt?.UtcTicks),
        ("@pea", o.PinExpiresAt?.UtcTicks), ("@hist", ToJson(o.PinHistory)), ("@ep", o.CredentialEpoch), ("@del", Flag(o.Deleted)), ("@seq", o.ChangeSeq),
        ("@lsi", o.LastSignInAt?.UtcTicks),
    ];

    private static UserRecord ReadUser(DbDataReader r) => new()
    {
        UserId = r.GetString(0),
        Kind = (BackOfficeUserKind)r.GetInt32(1),
        Sites = JsonArray(r, 2),
        PasswordHash = r.GetString(3),
        MustChangePassword = r.GetInt32(4) != 0,
        PasswordHistory = JsonArray(r, 5),
        TotpSecretSealed = r.IsDBNull(6) ? null : (byte[])r.GetValue(6),
        TotpEnabled = r.GetInt32(7) != 0,
        TotpLastStep = r.GetInt64(8),
        Disabled = r.GetInt32(9) != 0,
        DisabledReason = Text(r, 10),
        CreatedAt = Instant(r, 11),
        LastSignInAt = NullableInstant(r, 12),
        PasswordChangedAt = NullableInstant(r, 13),
        Version = r.GetInt64(14),
    };

    private static (string, object?)[] UserParameters(UserRecord u) =>
    [
        ("@u", u.UserId), ("@k", (int)u.Kind), ("@sites", ToJson(u.Sites)), ("@ph", u.PasswordHash), ("@mcp", Flag(u.MustChangePassword)),
        ("@phist", ToJson(u.PasswordHistory)), ("@totp", u.TotpSecretSealed), ("@te", Flag(u.TotpEnabled)), ("@tls", u.TotpLastStep),
        ("@dis", Flag(u.Disabled)), ("@disr", u.DisabledReason), ("@ca", u.CreatedAt.UtcTicks), ("@lsi", u.LastSignInAt?.UtcTicks), ("@pca", u.PasswordChangedAt?.UtcTicks),
    ];
}

/// <summary>The outcome of <see cref="BackOfficeStore.MutateOperatorAsync"/>'s decision.</summary>
/// <param name="Updated">The operator's new version, or <see langword="null"/> to change nothing.</param>
/// <param name="Audit">Audit records to write in the same transaction (also when nothing changes: a refusal).</param>
/// <param name="Outcome">A code for the caller (<c>ok</c>, <c>not_found</c>, <c>conflict</c>…).</param>
/// <param name="Previous">The version before the change.</param>
internal sealed record OperatorMutation(OperatorRecord? Updated, IReadOnlyList<AuditDraft> Audit, string Outcome, OperatorRecord? Previous = null)
{
    public static OperatorMutation SiteMissing { get; } = new(null, [], "site_not_found");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class BackOfficeStoreJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
