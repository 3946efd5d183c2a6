using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Users;
using PosAuth.Lockout;

namespace PosAuth.BackOffice.Management;

/// <summary>The console's reads (lockouts now, lane activity, filtered audit, lane audit continuity) and the user resets.</summary>
internal sealed partial class BackOfficeManagement
{
    /// <summary>The throttle probe: an operator id no lane can send (ids are letters and digits, unknown ones <c>?</c>-prefixed), so its budget is never locked and the status read reports the lane's throttle.</summary>
    private const string ThrottleProbe = "#lane";

    /// <summary>The subject terminal of the back office's own reads and unlocks of a site budget.</summary>
    private const string BackOfficeTerminal = "*backoffice";

    public async Task<BackOfficeResult<IReadOnlyList<CurrentLockout>>> ListLockoutsAsync(BackOfficeSession actor, string? site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_lockouts", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<CurrentLockout>>.Failed(gate.Error);
        }

        var list = new List<CurrentLockout>();
        foreach (string s in await VisibleSitesAsync(gate, site, cancellationToken).ConfigureAwait(false))
        {
            ILockoutPolicy policy = _lockouts.ForSite(s);
            foreach (OperatorRecord o in await _store.ListOperatorsAsync(s, cancellationToken).ConfigureAwait(false))
            {
                if (o.Deleted)
                {
                    continue;
                }

                LockoutStatus status = await policy.GetStatusAsync(new LockoutSubject(BackOfficeTerminal, o.OperatorId, o.Role), cancellationToken).ConfigureAwait(false);
                if (status.State is LockoutState.LockedTemporarily or LockoutState.LockedPermanently)
                {
                    list.Add(new CurrentLockout(s, o.OperatorId, o.DisplayName, o.Role, null, status.State, status.Reason, status.FailureCount, status.LockedUntil));
                }
            }

            foreach (TerminalRecord t in await _store.ListTerminalsAsync(s, cancellationToken).ConfigureAwait(false))
            {
                LockoutStatus status = await policy.GetStatusAsync(new LockoutSubject(t.TerminalId, ThrottleProbe, OperatorRole.Operator), cancellationToken).ConfigureAwait(false);
                if (status.State == LockoutState.Throttled)
                {
                    list.Add(new CurrentLockout(s, null, null, null, t.TerminalId, status.State, status.Reason, status.FailureCount, status.LockedUntil));
                }
            }
        }

        return BackOfficeResult<IReadOnlyList<CurrentLockout>>.Ok(list);
    }

    public async Task<BackOfficeResult<IReadOnlyList<TerminalStatus>>> ListTerminalStatusAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_terminals", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<TerminalStatus>>.Failed(gate.Error);
        }

        List<TerminalRecord> terminals = await _store.ListTerminalsAsync(site, cancellationToken).ConfigureAwait(false);
        Dictionary<string, DateTimeOffset> nonces = await _store.LatestNonceExpiryAsync(site, cancellationToken).ConfigureAwait(false);
        Dictionary<string, LaneAuditSummary> pushes = (await _store.LaneAuditSummaryAsync(site, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.TerminalId, StringComparer.Ordinal);
        ILookup<string, LeaseRow> leases = (await _store.ListLeasesAsync(site, cancellationToken).ConfigureAwait(false))
            .Where(l => l.State == LeaseState.Active)
            .ToLookup(l => l.TerminalId, StringComparer.Ordinal);
        DateTimeOffset now = _time.GetUtcNow();

        // The lane verifier keeps each accepted request's nonce until its time plus twice the clock skew.
        TimeSpan kept = _options.ClockSkew + _options.ClockSkew;
        var list = new List<TerminalStatus>(terminals.Count);
        foreach (TerminalRecord t in terminals)
        {
            DateTimeOffset? last = nonces.TryGetValue(t.TerminalId, out DateTimeOffset expiry) ? expiry - kept : null;
            bool online = last is { } l && now - l <= _options.TerminalOnlineWindow && !t.Disabled;
            DateTimeOffset? push = pushes.TryGetValue(t.TerminalId, out LaneAuditSummary? a) ? a.LastReceivedAt : null;
            LeaseRow[] held = [.. leases[t.TerminalId]];
            var lanesLeases = new TerminalLeases(held.Length, held.Sum(l => l.Outstanding), held.Count(l => l.Recall));
            list.Add(new TerminalStatus(new TerminalInfo(t.TerminalId, t.Site, t.Serial, t.Disabled, t.KeyGeneration), last, online, push, lanesLeases));
        }

        return BackOfficeResult<IReadOnlyList<TerminalStatus>>.Ok(list);
    }

    public async Task<BackOfficeResult<BackOfficeAuditPage>> QueryAuditAsync(BackOfficeSession actor, BackOfficeAuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Gate gate = await AuthorizeAsync(actor, "read_audit", query.Site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<BackOfficeAuditPage>.Failed(gate.Error);
        }

        if ((query.TerminalId is not null && !OperatorIds.IsWellFormed(query.TerminalId))
            || (query.OperatorId is not null && !OperatorIds.IsWellFormed(query.OperatorId))
            || (query.Actor is not null && (query.Actor.Length is 0 or > 80 || query.Actor.Any(char.IsControl)))
            || (query.Type is { } type && !Enum.IsDefined(type))
            || (query.From is { } from && query.To is { } to && to < from)
            || query.BeforeSequence is < 1)
        {
            return BackOfficeResult<BackOfficeAuditPage>.Failed(BackOfficeErrorCodes.InvalidRequest, "A lane or operator is 1 to 16 ASCII letters or digits; an actor 1 to 80 printable characters; the time range from <= to; before >= 1.");
        }

        int max = Math.Clamp(query.MaxCount, 1, 1000);
        IReadOnlyCollection<string>? sites = query.Site is not null ? [query.Site]
            : gate.User!.Kind == BackOfficeUserKind.HeadOfficeAdministrator ? null
            : gate.User.Sites;
        bool includeSiteless = gate.User!.Kind == BackOfficeUserKind.HeadOfficeAdministrator && query.Site is null;
        var filter = new AuditFilter(query.TerminalId, query.OperatorId, query.Actor, query.Type, query.From, query.To);
        List<BackOfficeAuditEntry> entries = await _store.QueryAuditAsync(sites, includeSiteless, filter, query.BeforeSequence ?? long.MaxValue, max + 1, cancellationToken).ConfigureAwait(false);
        long? next = null;
        if (entries.Count > max)
        {
            entries.RemoveAt(max);
            next = entries[^1].Sequence;
        }

        return BackOfficeResult<BackOfficeAuditPage>.Ok(new BackOfficeAuditPage(entries, next));
    }

    public async Task<BackOfficeResult<IReadOnlyList<LaneAuditStatus>>> ListLaneAuditStatusAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "read_audit", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<LaneAuditStatus>>.Failed(gate.Error);
        }

        Dictionary<string, LaneAuditSummary> held = (await _store.LaneAuditSummaryAsync(site, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.TerminalId, StringComparer.Ordinal);
        var list = new List<LaneAuditStatus>();
        foreach (TerminalRecord t in await _store.ListTerminalsAsync(site, cancellationToken).ConfigureAwait(false))
        {
            if (!held.TryGetValue(t.TerminalId, out LaneAuditSummary? a))
            {
                list.Add(new LaneAuditStatus(t.TerminalId, site, 0, null, null, null));
                continue;
            }

            long? missing = null;
            if (a.Count != a.LastSequence - a.FirstSequence + 1)
            {
                missing = await _store.LaneAuditThroughAsync(t.TerminalId, cancellationToken).ConfigureAwait(false) + 1;
            }

            list.Add(new LaneAuditStatus(t.TerminalId, site, a.Count, a.FirstSequence, a.LastSequence, missing));
        }

        return BackOfficeResult<IReadOnlyList<LaneAuditStatus>>.Ok(list);
    }

    public async Task<BackOfficeResult<string>> ResetUserPasswordAsync(BackOfficeSession actor, string userId, CancellationToken cancellationToken = default)
    {
        (Gate gate, UserRecord? user, BackOfficeError? error) = await OtherUserAsync(actor, "reset_user_password", userId, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return BackOfficeResult<string>.Failed(error);
        }

        string password = BackOfficeUsers.NewInitialPassword();
        UserRecord next = user! with
        {
            PasswordHash = _hasher.HashPassword(password),
            PasswordHistory = [user.PasswordHash, .. user.PasswordHistory.Take(Math.Max(0, _options.PasswordHistory - 1))],
            MustChangePassword = true,
            PasswordChangedAt = _time.GetUtcNow(),
        };
        if (!await _store.TryUpdateUserAsync(next, user.Version, [Draft(gate, BackOfficeAuditEventType.UserPasswordReset, null, null, null, "initial_password_issued", "user=" + userId)], cancellationToken).ConfigureAwait(false))
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.InvalidRequest, "The user changed meanwhile; try again.");
        }

        // Every open session of the user ends; a lock from guessing is lifted (the new password is the way back in).
        await _store.DeleteSessionsOfUserAsync(userId, cancellationToken).ConfigureAwait(false);
        await _lockouts.ForUsers().UnlockAsync(new LockoutSubject(BackOfficeUsers.LockoutTerminal, userId, OperatorRole.Operator), LockoutActor.System, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<string>.Ok(password);
    }

    public async Task<BackOfficeResult> ResetUserSecondFactorAsync(BackOfficeSession actor, string userId, CancellationToken cancellationToken = default)
    {
        (Gate gate, UserRecord? user, BackOfficeError? error) = await OtherUserAsync(actor, "reset_user_second_factor", userId, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return BackOfficeResult.Failed(error);
        }

        UserRecord next = user! with { TotpEnabled = false, TotpSecretSealed = null };
        if (!await _store.TryUpdateUserAsync(next, user.Version, [Draft(gate, BackOfficeAuditEventType.UserSecondFactorReset, null, null, null, "second_factor_removed", "user=" + userId)], cancellationToken).ConfigureAwait(false))
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "The user changed meanwhile; try again.");
        }

        await _store.DeleteSessionsOfUserAsync(userId, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult.Success;
    }

    /// <summary>A head-office action on another back-office user: the actor re-checked, the user found, never oneself.</summary>
    private async Task<(Gate Gate, UserRecord? User, BackOfficeError? Error)> OtherUserAsync(BackOfficeSession actor, string action, string userId, CancellationToken ct)
    {
        Gate gate = await AuthorizeAsync(actor, action, null, headOfficeOnly: true, ct).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return (gate, null, gate.Error);
        }

        if (string.Equals(userId, gate.User!.UserId, StringComparison.Ordinal))
        {
            return (gate, null, new BackOfficeError(BackOfficeErrorCodes.Forbidden, "Change your own password or second factor from your own session."));
        }

        UserRecord? user = BackOfficeUsers.IsWellFormedUserId(userId) ? await _store.GetUserAsync(userId, ct).ConfigureAwait(false) : null;
        return user is null
            ? (gate, null, new BackOfficeError(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound)))
            : (gate, user, null);
    }

    /// <summary>The one site asked for (already authorised), or every site the actor may see.</summary>
    private async Task<List<string>> VisibleSitesAsync(Gate gate, string? site, CancellationToken ct) =>
        site is not null
            ? [site]
            : [.. (await _store.ListSitesAsync(ct).ConfigureAwait(false)).Where(s => MaySee(gate.User!, s.Site)).Select(s => s.Site)];
}
