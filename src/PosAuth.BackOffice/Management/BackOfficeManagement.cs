using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Audit;
using PosAuth.BackOffice.Directory;
using PosAuth.BackOffice.Internal;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Users;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth.BackOffice.Management;

/// <summary>The default <see cref="IBackOfficeManagement"/> and <see cref="IBackOfficeMaintenance"/>.</summary>
internal sealed partial class BackOfficeManagement : IBackOfficeManagement, IBackOfficeMaintenance
{
    private readonly BackOfficeStore _store;
    private readonly BackOfficeUsers _users;
    private readonly BackOfficeHasher _hasher;
    private readonly BackOfficeKeys _keys;
    private readonly BackOfficeLockouts _lockouts;
    private readonly DirectoryNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly BackOfficeOptions _options;

    public BackOfficeManagement(BackOfficeStore store, BackOfficeUsers users, BackOfficeHasher hasher, BackOfficeKeys keys, BackOfficeLockouts lockouts, DirectoryNotifier notifier, TimeProvider time, IOptions<BackOfficeOptions> options)
    {
        _store = store;
        _users = users;
        _hasher = hasher;
        _keys = keys;
        _lockouts = lockouts;
        _notifier = notifier;
        _time = time;
        _options = options.Value;
    }

    // ---- users ----

    public async Task<BackOfficeResult<string>> CreateUserAsync(BackOfficeSession actor, string userId, BackOfficeUserKind kind, IReadOnlyList<string> sites, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "create_user", null, headOfficeOnly: true, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<string>.Failed(gate.Error);
        }

        if (!BackOfficeUsers.IsWellFormedUserId(userId) || !Enum.IsDefined(kind) || sites is null || sites.Any(s => !OperatorIds.IsWellFormed(s))
            || (kind == BackOfficeUserKind.StoreManager) != (sites.Count > 0))
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.InvalidRequest, "A user name is 1 to 64 lower-case letters, digits, '.', '-' or '_'; a store manager has at least one site, an administrator none.");
        }

        foreach (string site in sites)
        {
            if (await _store.GetSiteAsync(site, cancellationToken).ConfigureAwait(false) is null)
            {
                return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.NotFound, "No such site: " + site);
            }
        }

        string password = BackOfficeUsers.NewInitialPassword();
        UserRecord user = _users.NewUser(userId, kind, [.. sites.Distinct(StringComparer.Ordinal)], password);
        bool created = await _store.TryCreateUserAsync(user, Draft(gate, BackOfficeAuditEventType.UserCreated, null, null, null, "created", $"user={userId} kind={kind}"), cancellationToken).ConfigureAwait(false);
        return created ? BackOfficeResult<string>.Ok(password) : BackOfficeResult<string>.Failed(BackOfficeErrorCodes.AlreadyExists, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.AlreadyExists));
    }

    public async Task<BackOfficeResult> SetUserDisabledAsync(BackOfficeSession actor, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "disable_user", null, headOfficeOnly: true, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult.Failed(gate.Error);
        }

        if (string.Equals(userId, gate.User!.UserId, StringComparison.Ordinal))
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.Forbidden, "You cannot disable yourself.");
        }

        UserRecord? user = BackOfficeUsers.IsWellFormedUserId(userId) ? await _store.GetUserAsync(userId, cancellationToken).ConfigureAwait(false) : null;
        if (user is null)
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound));
        }

        UserRecord next = user with { Disabled = disabled, DisabledReason = disabled ? "manual" : null, LastSignInAt = disabled ? user.LastSignInAt : _time.GetUtcNow() };
        bool ok = await _store.TryUpdateUserAsync(next, user.Version, [Draft(gate, BackOfficeAuditEventType.UserDisabledChanged, null, null, null, disabled ? "disabled" : "enabled", "user=" + userId)], cancellationToken).ConfigureAwait(false);
        if (ok && disabled)
        {
            await _store.DeleteSessionsOfUserAsync(userId, cancellationToken).ConfigureAwait(false);
        }

        return ok ? BackOfficeResult.Success : BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "The user changed meanwhile; try again.");
    }

    public async Task<BackOfficeResult<IReadOnlyList<BackOfficeUserInfo>>> ListUsersAsync(BackOfficeSession actor, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_users", null, headOfficeOnly: true, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<BackOfficeUserInfo>>.Failed(gate.Error);
        }

        List<UserRecord> users = await _store.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<BackOfficeUserInfo>>.Ok(users.ConvertAll(u => new BackOfficeUserInfo(u.UserId, u.Kind, u.Sites, u.Disabled, u.DisabledReason, u.TotpEnabled, u.LastSignInAt)));
    }

    // ---- sites and lanes ----

    public async Task<BackOfficeResult> CreateSiteAsync(BackOfficeSession actor, string site, string name, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "create_site", null, headOfficeOnly: true, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult.Failed(gate.Error);
        }

        if (!OperatorIds.IsWellFormed(site) || string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.InvalidRequest, "A site id is 1 to 16 ASCII letters or digits; a name 1 to 128 characters.");
        }

        bool created = await _store.TryCreateSiteAsync(new SiteRecord(site, name, 0, _time.GetUtcNow()), Draft(gate, BackOfficeAuditEventType.SiteCreated, site, null, null, "created", null), cancellationToken).ConfigureAwait(false);
        return created ? BackOfficeResult.Success : BackOfficeResult.Failed(BackOfficeErrorCodes.AlreadyExists, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.AlreadyExists));
    }

    public async Task<BackOfficeResult<IReadOnlyList<SiteInfo>>> ListSitesAsync(BackOfficeSession actor, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_sites", null, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<SiteInfo>>.Failed(gate.Error);
        }

        List<SiteRecord> sites = await _store.ListSitesAsync(cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<SiteInfo>>.Ok([.. sites.Where(s => MaySee(gate.User!, s.Site)).Select(s => new SiteInfo(s.Site, s.Name, s.ChangeSeq))]);
    }

    public async Task<BackOfficeResult<LaneRegistration>> RegisterTerminalAsync(BackOfficeSession actor, string site, string terminalId, string? serial, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "register_terminal", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<LaneRegistration>.Failed(gate.Error);
        }

        if (!OperatorIds.IsWellFormed(terminalId) || (serial is not null && (serial.Length is 0 or > 64 || serial.Any(char.IsControl))))
        {
            return BackOfficeResult<LaneRegistration>.Failed(BackOfficeErrorCodes.InvalidRequest, "A terminal id is 1 to 16 ASCII letters or digits; a serial 1 to 64 printable characters.");
        }

        TerminalRecord? existing = await _store.GetTerminalAsync(terminalId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.Site != site)
            {
                return BackOfficeResult<LaneRegistration>.Failed(BackOfficeErrorCodes.AlreadyExists, "That terminal id belongs to another site.");
            }

            int generation = existing.KeyGeneration + 1;
            await _store.UpdateTerminalAsync(terminalId, existing.Disabled, generation, Draft(gate, BackOfficeAuditEventType.TerminalRegistered, site, terminalId, null, "rekeyed", $"generation={generation}"), cancellationToken).ConfigureAwait(false);
            return BackOfficeResult<LaneRegistration>.Ok(new LaneRegistration(terminalId, site, _keys.TerminalKey(terminalId, generation), generation));
        }

        var record = new TerminalRecord { TerminalId = terminalId, Site = site, Serial = serial, KeyGeneration = 1, CreatedAt = _time.GetUtcNow(), CreatedBy = gate.User!.UserId };
        if (!await _store.TryCreateTerminalAsync(record, Draft(gate, BackOfficeAuditEventType.TerminalRegistered, site, terminalId, null, "registered", "generation=1"), cancellationToken).ConfigureAwait(false))
        {
            return BackOfficeResult<LaneRegistration>.Failed(BackOfficeErrorCodes.AlreadyExists, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.AlreadyExists));
        }

        return BackOfficeResult<LaneRegistration>.Ok(new LaneRegistration(terminalId, site, _keys.TerminalKey(terminalId, 1), 1));
    }

    public async Task<BackOfficeResult> SetTerminalDisabledAsync(BackOfficeSession actor, string terminalId, bool disabled, CancellationToken cancellationToken = default)
    {
        TerminalRecord? terminal = OperatorIds.IsWellFormed(terminalId) ? await _store.GetTerminalAsync(terminalId, cancellationToken).ConfigureAwait(false) : null;
        Gate gate = await AuthorizeAsync(actor, "disable_terminal", terminal?.Site ?? "-", headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult.Failed(gate.Error);
        }

        bool ok = await _store.UpdateTerminalAsync(terminalId, disabled, null, Draft(gate, BackOfficeAuditEventType.TerminalDisabledChanged, terminal!.Site, terminalId, null, disabled ? "disabled" : "enabled", null), cancellationToken).ConfigureAwait(false);
        return ok ? BackOfficeResult.Success : BackOfficeResult.Failed(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound));
    }

    public async Task<BackOfficeResult<IReadOnlyList<TerminalInfo>>> ListTerminalsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_terminals", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<TerminalInfo>>.Failed(gate.Error);
        }

        List<TerminalRecord> list = await _store.ListTerminalsAsync(site, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<TerminalInfo>>.Ok(list.ConvertAll(t => new TerminalInfo(t.TerminalId, t.Site, t.Serial, t.Disabled, t.KeyGeneration)));
    }

    public async Task<BackOfficeResult<IReadOnlyList<LaneAuditChainStatus>>> GetLaneAuditChainsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_terminals", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<LaneAuditChainStatus>>.Failed(gate.Error);
        }

        List<LaneAuditChainRow> rows = await _store.LaneAuditChainsAsync(site, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<LaneAuditChainStatus>>.Ok(rows.ConvertAll(r => new LaneAuditChainStatus(r.TerminalId, r.Records, r.FirstSequence, r.LastSequence, r.Missing, r.Conflicts, r.FirstGapAfter, r.LastReceivedAt)));
    }

    // ---- operators ----

    public async Task<BackOfficeResult<TemporaryPin>> CreateOperatorAsync(BackOfficeSession actor, string site, string operatorId, OperatorRole role, string? displayName, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "create_operator", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<TemporaryPin>.Failed(gate.Error);
        }

        if (!OperatorIds.IsWellFormed(operatorId) || !Enum.IsDefined(role) || (displayName is not null && (displayName.Length > 64 || displayName.Any(char.IsControl))))
        {
            return BackOfficeResult<TemporaryPin>.Failed(BackOfficeErrorCodes.InvalidRequest, "An operator number is 1 to 16 ASCII letters or digits; a display name at most 64 printable characters.");
        }

        if (!MayManageRole(gate.User!, role))
        {
            return await DenyAsync<TemporaryPin>(gate, "create_operator", site, operatorId, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        char[] digits = NewPinDigits();
        string hash = _hasher.Pins.Hash(digits);
        OperatorMutation result = await _store.MutateOperatorAsync(site, operatorId, (existing, _) =>
        {
            if (existing is { Deleted: false })
            {
                return new OperatorMutation(null, [], "already_exists");
            }

            var created = new OperatorRecord
            {
                Site = site,
                OperatorId = operatorId,
                Role = role,
                PinHash = hash,
                MustChangePin = true,
                MustChangePinReason = PinChangeReason.TemporaryPin,
                DisplayName = displayName,
                CreatedAt = now,
                PinChangedAt = now,
                PinExpiresAt = now + _options.TemporaryPinLifetime,
                CredentialEpoch = (existing?.CredentialEpoch ?? 0) + 1,
            };
            return new OperatorMutation(created, [Draft(gate, BackOfficeAuditEventType.OperatorCreated, site, null, operatorId, "created", "role=" + role)], "ok", existing);
        }, cancellationToken).ConfigureAwait(false);
        return Finish(result, site, digits, operatorId, now);
    }

    public async Task<BackOfficeResult<TemporaryPin>> ResetOperatorPinAsync(BackOfficeSession actor, string site, string operatorId, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "reset_operator", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<TemporaryPin>.Failed(gate.Error);
        }

        DateTimeOffset now = _time.GetUtcNow();
        char[] digits = NewPinDigits();
        string hash = _hasher.Pins.Hash(digits);
        bool roleDenied = false;
        OperatorMutation result = await _store.MutateOperatorAsync(site, operatorId, (existing, _) =>
        {
            if (existing is null || existing.Deleted)
            {
                return new OperatorMutation(null, [], "not_found");
            }

            if (!MayManageRole(gate.User!, existing.Role))
            {
                roleDenied = true;
                return new OperatorMutation(null, [], "forbidden");
            }

            OperatorRecord reset = existing with
            {
                PinHash = hash,
                MustChangePin = true,
                MustChangePinReason = PinChangeReason.TemporaryPin,
                PinChangedAt = now,
                PinExpiresAt = now + _options.TemporaryPinLifetime,
                PinHistory = existing.PinHash is null ? existing.PinHistory : [existing.PinHash, .. existing.PinHistory.Take(9)],
                CredentialEpoch = existing.CredentialEpoch + 1,
            };
            return new OperatorMutation(reset, [Draft(gate, BackOfficeAuditEventType.OperatorPinReset, site, null, operatorId, "temporary_pin_issued", $"epoch={reset.CredentialEpoch}")], "ok", existing);
        }, cancellationToken).ConfigureAwait(false);

        if (roleDenied)
        {
            Array.Clear(digits);
            return await DenyAsync<TemporaryPin>(gate, "reset_operator", site, operatorId, cancellationToken).ConfigureAwait(false);
        }

        if (result.Updated is not null)
        {
            // A reset also lifts the lock everywhere: the cashier's next try with the temporary PIN must be allowed.
            await _lockouts.ForSite(site).UnlockAsync(new LockoutSubject("*backoffice", operatorId, result.Updated.Role), LockoutActor.System, cancellationToken).ConfigureAwait(false);
        }

        return Finish(result, site, digits, operatorId, now);
    }

    public async Task<BackOfficeResult> UnlockOperatorAsync(BackOfficeSession actor, string site, string operatorId, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "unlock_operator", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult.Failed(gate.Error);
        }

        OperatorRecord? op = OperatorIds.IsWellFormed(operatorId) ? await _store.GetOperatorAsync(site, operatorId, cancellationToken).ConfigureAwait(false) : null;
        if (op is null || op.Deleted)
        {
            return BackOfficeResult.Failed(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound));
        }

        if (!MayManageRole(gate.User!, op.Role))
        {
            return await DenyAsync(gate, "unlock_operator", site, operatorId, cancellationToken).ConfigureAwait(false);
        }

        // The site-wide budget is one record: clearing it lifts the lock on every lane at once (lanes charge it online).
        LockoutStatus status = (await _lockouts.ForSite(site).UnlockAsync(new LockoutSubject("*backoffice", operatorId, op.Role), LockoutActor.System, cancellationToken).ConfigureAwait(false)).Status;
        await _store.AppendAuditAsync([Draft(gate, BackOfficeAuditEventType.OperatorUnlocked, site, null, operatorId, "unlocked", "state=" + status.State)], cancellationToken).ConfigureAwait(false);
        return BackOfficeResult.Success;
    }

    public async Task<BackOfficeResult> SetOperatorDisabledAsync(BackOfficeSession actor, string site, string operatorId, bool disabled, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "disable_operator", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult.Failed(gate.Error);
        }

        bool roleDenied = false;
        OperatorMutation result = await _store.MutateOperatorAsync(site, operatorId, (existing, _) =>
        {
            if (existing is null || existing.Deleted)
            {
                return new OperatorMutation(null, [], "not_found");
            }

            if (!MayManageRole(gate.User!, existing.Role))
            {
                roleDenied = true;
                return new OperatorMutation(null, [], "forbidden");
            }

            if (existing.Disabled == disabled)
            {
                return new OperatorMutation(null, [], "ok", existing);
            }

            OperatorRecord next = existing with
            {
                Disabled = disabled,
                DisabledReason = disabled ? "manual" : null,
                CredentialEpoch = existing.CredentialEpoch + 1,
                LastSignInAt = disabled ? existing.LastSignInAt : _time.GetUtcNow(),
            };
            return new OperatorMutation(next, [Draft(gate, BackOfficeAuditEventType.OperatorDisabledChanged, site, null, operatorId, disabled ? "disabled" : "enabled", $"epoch={next.CredentialEpoch}")], "ok", existing);
        }, cancellationToken).ConfigureAwait(false);

        if (roleDenied)
        {
            return await DenyAsync(gate, "disable_operator", site, operatorId, cancellationToken).ConfigureAwait(false);
        }

        if (result.Updated is not null)
        {
            _notifier.Changed(site);
        }

        return result.Outcome == "ok" ? BackOfficeResult.Success : BackOfficeResult.Failed(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound));
    }

    public async Task<BackOfficeResult<IReadOnlyList<OperatorInfo>>> ListOperatorsAsync(BackOfficeSession actor, string site, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_operators", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<OperatorInfo>>.Failed(gate.Error);
        }

        List<OperatorRecord> list = await _store.ListOperatorsAsync(site, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<OperatorInfo>>.Ok(list.ConvertAll(o => new OperatorInfo(o.OperatorId, o.Role, o.DisplayName, o.Disabled, o.DisabledReason, o.MustChangePin, o.CredentialEpoch, o.LastSignInAt)));
    }

    public async Task<BackOfficeResult<string>> ComputeOfflineUnlockResponseAsync(BackOfficeSession actor, string site, string terminalId, string operatorId, string challenge, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "offline_unlock", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<string>.Failed(gate.Error);
        }

        if (challenge is null || challenge.Length > 128)
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.InvalidRequest, "The challenge is not valid.");
        }

        // The lane may show its QR payload instead of the digits: it names the terminal and operator itself.
        if (OfflineUnlockBridge.TryReadQrPayload(challenge, out string qrTerminal, out string qrOperator, out string qrChallenge))
        {
            if (qrTerminal != terminalId || qrOperator != operatorId)
            {
                return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.InvalidRequest, "The QR payload names another terminal or operator.");
            }

            challenge = qrChallenge;
        }

        TerminalRecord? terminal = OperatorIds.IsWellFormed(terminalId) ? await _store.GetTerminalAsync(terminalId, cancellationToken).ConfigureAwait(false) : null;
        if (terminal is null || terminal.Site != site || !OperatorIds.IsWellFormed(operatorId))
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound));
        }

        if (_options.OfflineUnlockMasterKey is null || terminal.Serial is null)
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.OfflineUnlockUnavailable, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.OfflineUnlockUnavailable));
        }

        string response;
        try
        {
            response = OfflineUnlockBridge.ComputeResponse(_options.OfflineUnlockMasterKey, terminal.Serial, terminalId, operatorId, challenge);
        }
        catch (ArgumentException)
        {
            return BackOfficeResult<string>.Failed(BackOfficeErrorCodes.InvalidRequest, "The challenge is not valid.");
        }

        await _store.AppendAuditAsync([Draft(gate, BackOfficeAuditEventType.OfflineUnlockResponseIssued, site, terminalId, operatorId, "response_issued", null)], cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<string>.Ok(response);
    }

    public async Task<BackOfficeResult<IReadOnlyList<BackOfficeAuditEntry>>> ReadAuditAsync(BackOfficeSession actor, string? site, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "read_audit", site, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<BackOfficeAuditEntry>>.Failed(gate.Error);
        }

        int max = Math.Clamp(maxCount, 1, 1000);
        IReadOnlyCollection<string>? sites = site is not null ? [site]
            : gate.User!.Kind == BackOfficeUserKind.HeadOfficeAdministrator ? null
            : gate.User.Sites;
        bool includeSiteless = gate.User!.Kind == BackOfficeUserKind.HeadOfficeAdministrator && site is null;
        List<BackOfficeAuditEntry> entries = await _store.ReadAuditAsync(sites, includeSiteless, Math.Max(0, afterSequence), max, cancellationToken).ConfigureAwait(false);
        return BackOfficeResult<IReadOnlyList<BackOfficeAuditEntry>>.Ok(entries);
    }

    public async Task<BackOfficeResult<IReadOnlyList<UnusedAccount>>> ListUnusedAccountsAsync(BackOfficeSession actor, CancellationToken cancellationToken = default)
    {
        Gate gate = await AuthorizeAsync(actor, "list_unused", null, headOfficeOnly: false, cancellationToken).ConfigureAwait(false);
        if (gate.Error is not null)
        {
            return BackOfficeResult<IReadOnlyList<UnusedAccount>>.Failed(gate.Error);
        }

        var list = new List<UnusedAccount>();
        foreach (SiteRecord site in await _store.ListSitesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!MaySee(gate.User!, site.Site))
            {
                continue;
            }

            foreach (OperatorRecord o in await _store.ListOperatorsAsync(site.Site, cancellationToken).ConfigureAwait(false))
            {
                if (o.Disabled && o.DisabledReason == "unused")
                {
                    list.Add(new UnusedAccount("operator", o.Site, o.OperatorId, o.LastSignInAt));
                }
            }
        }

        if (gate.User!.Kind == BackOfficeUserKind.HeadOfficeAdministrator)
        {
            foreach (UserRecord u in await _store.ListUsersAsync(cancellationToken).ConfigureAwait(false))
            {
                if (u.Disabled && u.DisabledReason == "unused")
                {
                    list.Add(new UnusedAccount("user", null, u.UserId, u.LastSignInAt));
                }
            }
        }

        return BackOfficeResult<IReadOnlyList<UnusedAccount>>.Ok(list);
    }

    // ---- maintenance ----

    public async Task<IReadOnlyList<UnusedAccount>> DisableUnusedAccountsAsync(CancellationToken cancellationToken = default)
    {
        if (_options.UnusedAccountPeriod is not { } period)
        {
            return [];
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset cutoff = now - period;
        var disabled = new List<UnusedAccount>();
        foreach (SiteRecord site in await _store.ListSitesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (OperatorRecord o in await _store.ListOperatorsAsync(site.Site, cancellationToken).ConfigureAwait(false))
            {
                if (o.Disabled || (o.LastSignInAt ?? o.CreatedAt) > cutoff)
                {
                    continue;
                }

                OperatorMutation result = await _store.MutateOperatorAsync(site.Site, o.OperatorId, (existing, _) =>
                    existing is null || existing.Disabled || existing.Deleted || (existing.LastSignInAt ?? existing.CreatedAt) > cutoff
                        ? new OperatorMutation(null, [], "skip")
                        : new OperatorMutation(
                            existing with { Disabled = true, DisabledReason = "unused", CredentialEpoch = existing.CredentialEpoch + 1 },
                            [new AuditDraft(BackOfficeAuditEventType.UnusedAccountDisabled, now, site.Site, null, o.OperatorId, "system", "unused", $"last sign-in {(existing.LastSignInAt is { } l ? l.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "never")}")],
                            "ok",
                            existing),
                    cancellationToken).ConfigureAwait(false);
                if (result.Updated is not null)
                {
                    disabled.Add(new UnusedAccount("operator", site.Site, o.OperatorId, o.LastSignInAt));
                    _notifier.Changed(site.Site);
                }
            }
        }

        List<UserRecord> users = await _store.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        int enabledAdmins = users.Count(u => u.Kind == BackOfficeUserKind.HeadOfficeAdministrator && !u.Disabled);
        foreach (UserRecord u in users)
        {
            if (u.Disabled || (u.LastSignInAt ?? u.CreatedAt) > cutoff)
            {
                continue;
            }

            // Never lock the chain out of its own back office: the last administrator is flagged, not disabled.
            if (u.Kind == BackOfficeUserKind.HeadOfficeAdministrator && enabledAdmins <= 1)
            {
                await _store.AppendAuditAsync([new AuditDraft(BackOfficeAuditEventType.UnusedAccountDisabled, now, null, null, null, "system", "unused_kept_last_administrator", "user=" + u.UserId)], cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (await _store.TryUpdateUserAsync(u with { Disabled = true, DisabledReason = "unused" }, u.Version, [new AuditDraft(BackOfficeAuditEventType.UnusedAccountDisabled, now, null, null, null, "system", "unused", "user=" + u.UserId)], cancellationToken).ConfigureAwait(false))
            {
                await _store.DeleteSessionsOfUserAsync(u.UserId, cancellationToken).ConfigureAwait(false);
                disabled.Add(new UnusedAccount("user", null, u.UserId, u.LastSignInAt));
                if (u.Kind == BackOfficeUserKind.HeadOfficeAdministrator)
                {
                    enabledAdmins--;
                }
            }
        }

        await _store.PurgeNoncesAsync(now, cancellationToken).ConfigureAwait(false);
        return disabled;
    }

    public Task<AuditChainVerification> VerifyAuditAsync(CancellationToken cancellationToken = default) => _store.VerifyAuditAsync(cancellationToken);

    // ---- the permission table ----

    /// <summary>
    /// The permission table, enforced here for every action: the session must be open (re-read), the initial password
    /// changed and a required second factor enrolled; head-office-only actions need a head-office administrator; a
    /// site action needs the site to exist and (for a store manager) to be one of theirs — otherwise it is
    /// <c>not_found</c>, so a manager cannot even learn that another site exists. Refusals are audited.
    /// </summary>
    private async Task<Gate> AuthorizeAsync(BackOfficeSession actor, string action, string? site, bool headOfficeOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (BackOfficeSession? live, UserRecord? user) = await _users.ResolveAsync(actor.TokenHash, touch: true, ct).ConfigureAwait(false);
        if (live is null || user is null)
        {
            return new Gate(null, new BackOfficeError(BackOfficeErrorCodes.Unauthenticated, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Unauthenticated)));
        }

        if (user.MustChangePassword)
        {
            return new Gate(user, new BackOfficeError(BackOfficeErrorCodes.PasswordChangeRequired, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.PasswordChangeRequired)));
        }

        if (live.SecondFactorPending)
        {
            return new Gate(user, new BackOfficeError(BackOfficeErrorCodes.SecondFactorEnrolmentRequired, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.SecondFactorEnrolmentRequired)));
        }

        var gate = new Gate(user, null);
        if (headOfficeOnly && user.Kind != BackOfficeUserKind.HeadOfficeAdministrator)
        {
            await _store.AppendAuditAsync([Draft(gate, BackOfficeAuditEventType.ManagementDenied, site is not null && OperatorIds.IsWellFormed(site) ? site : null, null, null, "forbidden", "action=" + action)], ct).ConfigureAwait(false);
            return gate with { Error = new BackOfficeError(BackOfficeErrorCodes.Forbidden, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Forbidden)) };
        }

        if (site is not null)
        {
            bool exists = OperatorIds.IsWellFormed(site) && await _store.GetSiteAsync(site, ct).ConfigureAwait(false) is not null;
            if (!exists || !MaySee(user, site))
            {
                if (exists)
                {
                    await _store.AppendAuditAsync([Draft(gate, BackOfficeAuditEventType.ManagementDenied, site, null, null, "forbidden_site", "action=" + action)], ct).ConfigureAwait(false);
                }

                return gate with { Error = new BackOfficeError(BackOfficeErrorCodes.NotFound, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.NotFound)) };
            }
        }

        return gate;
    }

    private static bool MaySee(UserRecord user, string site) =>
        user.Kind == BackOfficeUserKind.HeadOfficeAdministrator || user.Sites.Contains(site, StringComparer.Ordinal);

    /// <summary>A store manager manages operators and supervisors, not a lane's system administrator (99).</summary>
    private static bool MayManageRole(UserRecord user, OperatorRole role) =>
        user.Kind == BackOfficeUserKind.HeadOfficeAdministrator || role != OperatorRole.Administrator;

    private async Task<BackOfficeResult<T>> DenyAsync<T>(Gate gate, string action, string site, string operatorId, CancellationToken ct)
    {
        await _store.AppendAuditAsync([Draft(gate, BackOfficeAuditEventType.ManagementDenied, site, null, operatorId, "forbidden_role", "action=" + action)], ct).ConfigureAwait(false);
        return BackOfficeResult<T>.Failed(BackOfficeErrorCodes.Forbidden, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Forbidden));
    }

    private async Task<BackOfficeResult> DenyAsync(Gate gate, string action, string site, string operatorId, CancellationToken ct) =>
        await DenyAsync<bool>(gate, action, site, operatorId, ct).ConfigureAwait(false);

    private BackOfficeResult<TemporaryPin> Finish(OperatorMutation result, string site, char[] digits, string operatorId, DateTimeOffset now)
    {
        if (result.Updated is null)
        {
            Array.Clear(digits);
            string code = result.Outcome switch { "already_exists" => BackOfficeErrorCodes.AlreadyExists, _ => BackOfficeErrorCodes.NotFound };
            return BackOfficeResult<TemporaryPin>.Failed(code, BackOfficeErrorCodes.Describe(code));
        }

        _notifier.Changed(site);
        var pin = new TemporaryPin(digits, operatorId, now + _options.TemporaryPinLifetime);
        Array.Clear(digits);
        return BackOfficeResult<TemporaryPin>.Ok(pin);
    }

    /// <summary>CSPRNG digits, redrawn while the PIN policy calls them weak (a run, one digit repeated, a keypad shape…).</summary>
    private char[] NewPinDigits()
    {
        while (true)
        {
            char[] digits = new char[_options.TemporaryPinLength];
            for (int i = 0; i < digits.Length; i++)
            {
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            PosAuth.Hashing.PinPolicyResult verdict = WeakPins.Evaluate(digits, PosAuth.Hashing.PinPolicyContext.ForRole(OperatorRole.Operator));
            if (verdict.Reasons.All(r => r is PosAuth.Hashing.PinRejectionReason.TooShort or PosAuth.Hashing.PinRejectionReason.TooLong))
            {
                return digits;
            }

            Array.Clear(digits);
        }
    }

    private static readonly PosAuth.Hashing.PinPolicy WeakPins = new();

    private AuditDraft Draft(Gate gate, BackOfficeAuditEventType type, string? site, string? terminalId, string? operatorId, string code, string? detail) =>
        new(type, _time.GetUtcNow(), site, terminalId, operatorId, "user:" + gate.User!.UserId, code, detail);

    private sealed record Gate(UserRecord? User, BackOfficeError? Error);
}
