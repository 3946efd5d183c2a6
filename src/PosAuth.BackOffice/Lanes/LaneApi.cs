using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Audit;
using PosAuth.BackOffice.Directory;
using PosAuth.BackOffice.Internal;
using PosAuth.BackOffice.Storage;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Lanes;

/// <summary>The lane API's handlers. Every one starts with <see cref="LaneRequestVerifier.VerifyAsync"/>; JSON is parsed only after it.</summary>
internal sealed class LaneApi
{
    private readonly LaneRequestVerifier _verifier;
    private readonly BackOfficeStore _store;
    private readonly BackOfficeLockouts _lockouts;
    private readonly DirectoryNotifier _notifier;
    private readonly ChargeLedger _ledger;
    private readonly LeaseLedger _leases;
    private readonly IPinHasher _hasher;
    private readonly TimeProvider _time;
    private readonly BackOfficeOptions _options;

    public LaneApi(LaneRequestVerifier verifier, BackOfficeStore store, BackOfficeLockouts lockouts, DirectoryNotifier notifier, ChargeLedger ledger, LeaseLedger leases, BackOfficeHasher hasher, TimeProvider time, IOptions<BackOfficeOptions> options)
    {
        _verifier = verifier;
        _store = store;
        _lockouts = lockouts;
        _notifier = notifier;
        _ledger = ledger;
        _leases = leases;
        _hasher = hasher.Pins;
        _time = time;
        _options = options.Value;
    }

    /// <summary><c>GET directory?since=N&amp;wait=S</c>: the changes after N; with nothing new and <c>wait</c> &gt; 0, waits for the next change (long-poll).</summary>
    public async Task<IResult> DirectoryAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "directory").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        IQueryCollection query = context.Request.Query;
        if (!TryQueryNumber(query, "since", 0, long.MaxValue, 0, out long since) || !TryQueryNumber(query, "wait", 0, 3600, 0, out long waitSeconds))
        {
            return await _verifier.RefuseAsync(context, "directory", caller, 400, LaneErrorCodes.InvalidRequest, "since and wait must be non-negative integers.").ConfigureAwait(false);
        }

        TimeSpan wait = TimeSpan.FromSeconds(Math.Min(waitSeconds, (long)_options.LongPollTimeout.TotalSeconds));
        long started = _time.GetTimestamp();
        while (true)
        {
            Task changed = _notifier.NextChange(site);
            (List<OperatorRecord> changes, long head) = await _store.ChangesSinceAsync(site, since, _options.DirectoryPageSize, context.RequestAborted).ConfigureAwait(false);
            List<string> recalls = await _store.RecalledLeasesAsync(caller.TerminalId, context.RequestAborted).ConfigureAwait(false);
            TimeSpan left = wait - _time.GetElapsedTime(started);
            if (changes.Count > 0 || recalls.Count > 0 || since > head || left <= TimeSpan.Zero)
            {
                long cursor = changes.Count > 0 ? changes[^1].ChangeSeq : Math.Min(since, head);
                var response = new DirectoryResponse
                {
                    Cursor = cursor,
                    Complete = cursor >= head,
                    Operators = changes.ConvertAll(DirectoryMapping.ToWire),
                    Recalls = recalls.Count > 0 ? recalls : null,
                };
                return LaneResponses.Json(caller, response, LaneJsonContext.Default.DirectoryResponse, _time);
            }

            try
            {
                await changed.WaitAsync(left, _time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Nothing changed in this instance: read once more (another instance may have changed it), then answer.
            }
        }
    }

    /// <summary><c>POST charges</c>: charges one attempt against the operator's site-wide budget before the lane runs the KDF.</summary>
    public async Task<IResult> ChargeAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "charges").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        if (!TryParse(caller.Body, LaneJsonContext.Default.ChargeRequest, out ChargeRequest? request))
        {
            return await _verifier.RefuseAsync(context, "charges", caller, 400, LaneErrorCodes.MalformedJson, "The body is not a valid charge request.").ConfigureAwait(false);
        }

        if (!IsSubject(request.OperatorId) || request.RequestId is not { Length: >= 8 and <= 64 } || !request.RequestId.All(char.IsAsciiLetterOrDigit)
            || request.LeaseSize is < 0 or > 100 || (request.LeaseId is not null && !LeaseLedger.IsLeaseId(request.LeaseId)))
        {
            return await _verifier.RefuseAsync(context, "charges", caller, 400, LaneErrorCodes.InvalidRequest, "operatorId or requestId is not well formed.").ConfigureAwait(false);
        }

        if (_ledger.TryGetAnswer(caller.TerminalId, request.RequestId, out ChargeResponse repeated))
        {
            return LaneResponses.Json(caller, repeated, LaneJsonContext.Default.ChargeResponse, _time);
        }

        OperatorRecord? record = request.OperatorId[0] == '?' ? null : await _store.GetOperatorAsync(site, request.OperatorId, context.RequestAborted).ConfigureAwait(false);
        if (record is { Deleted: true })
        {
            record = null;
        }

        var subject = new LockoutSubject(caller.TerminalId, request.OperatorId, record?.Role ?? OperatorRole.Operator);
        AttemptCharge charge;
        LeaseGrant? grant = null;
        if (record is null)
        {
            // A number nobody has: no lease is ever held for it, so the plain site budget is the whole rule.
            charge = await _lockouts.ForSite(site).TryChargeAsync(subject, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            LeaseChargeOutcome outcome = await _leases.ChargeAsync(site, caller.TerminalId, subject, record, request.LeaseId, request.LeaseSize, context.RequestAborted).ConfigureAwait(false);
            if (outcome.Held)
            {
                // Other lanes hold the room: they were asked to give idle leases back (their long-polls wake now).
                _notifier.Changed(site);
                return LaneResponses.Problem(503, LaneErrorCodes.LeasesHeld, "Other lanes hold this operator's attempts; they are being recalled. Try again shortly.", _time, caller.Key, caller.Nonce);
            }

            charge = outcome.Charge;
            grant = outcome.Grant;
        }

        var answer = new ChargeResponse
        {
            Allowed = charge.IsAllowed,
            ChargeId = charge.IsAllowed ? _ledger.Add(site, caller.TerminalId, charge) : null,
            Status = ToWire(charge.Status),
            AppliedLock = charge.IsAllowed && charge.AppliedLock,
            CredentialEpoch = record?.CredentialEpoch,
            Lease = grant,
        };
        _ledger.RememberAnswer(caller.TerminalId, request.RequestId, answer);
        return LaneResponses.Json(caller, answer, LaneJsonContext.Default.ChargeResponse, _time);
    }

    /// <summary><c>POST refunds</c>: the PIN was right: gives the charge back (clears the operator's failures on every lane).</summary>
    public async Task<IResult> RefundAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "refunds").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        if (!TryParse(caller.Body, LaneJsonContext.Default.RefundRequest, out RefundRequest? request) || request.ChargeId is not { Length: 32 })
        {
            return await _verifier.RefuseAsync(context, "refunds", caller, 400, LaneErrorCodes.MalformedJson, "The body is not a valid refund request.").ConfigureAwait(false);
        }

        if (!_ledger.TryTake(request.ChargeId, caller.TerminalId, out string chargeSite, out AttemptCharge charge) || chargeSite != site)
        {
            return LaneResponses.Problem(404, LaneErrorCodes.UnknownCharge, "No such pending charge (already refunded, expired, or the back office restarted).", _time, caller.Key, caller.Nonce);
        }

        LockoutStatus status = await _lockouts.ForSite(site).RegisterSuccessAsync(charge, context.RequestAborted).ConfigureAwait(false);
        LeaseGrant? grant = null;
        if (charge.Subject.OperatorId[0] != '?')
        {
            await _store.SetLastSignInAsync(site, charge.Subject.OperatorId, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
            if (request.LeaseSize is >= 1 and <= 100 && await _store.GetOperatorAsync(site, charge.Subject.OperatorId, context.RequestAborted).ConfigureAwait(false) is { } record)
            {
                // The failures are cleared: the lease follows the lane where the cashier signed in last.
                grant = await _leases.GrantAfterSuccessAsync(site, caller.TerminalId, charge.Subject, record, request.LeaseSize, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return LaneResponses.Json(caller, new RefundResponse { Status = ToWire(status), Lease = grant }, LaneJsonContext.Default.RefundResponse, _time);
    }

    /// <summary>
    /// <c>POST pin-changes</c>: a PIN changed on the lane. Applied only over the credential epoch it was made on; if the
    /// back office changed the credential first (a reset, a disable), the back office's version wins and the lane is told.
    /// </summary>
    public async Task<IResult> PinChangeAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "pin-changes").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        if (!TryParse(caller.Body, LaneJsonContext.Default.PinChangeRequest, out PinChangeRequest? request))
        {
            return await _verifier.RefuseAsync(context, "pin-changes", caller, 400, LaneErrorCodes.MalformedJson, "The body is not a valid PIN change.").ConfigureAwait(false);
        }

        if (!OperatorIds.IsWellFormed(request.OperatorId) || request.PinHash.Length > 512 || !_hasher.Inspect(request.PinHash).IsValid
            || request.PinHistory.Length > 32 || request.PinHistory.Any(h => h is null || h.Length > 512)
            || !Enum.IsDefined((PinChangeReason)request.MustChangePinReason) || request.BaseEpoch < 0)
        {
            return await _verifier.RefuseAsync(context, "pin-changes", caller, 400, LaneErrorCodes.InvalidRequest, "The PIN change is not well formed.").ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        string actor = "terminal:" + caller.TerminalId;
        OperatorMutation result = await _store.MutateOperatorAsync(site, request.OperatorId, (existing, _) =>
        {
            if (existing is null || existing.Deleted)
            {
                return new OperatorMutation(null, [], "not_found");
            }

            if (existing.CredentialEpoch == request.BaseEpoch)
            {
                OperatorRecord next = existing with
                {
                    PinHash = request.PinHash,
                    PinChangedAt = DateTimeOffset.FromUnixTimeMilliseconds(request.PinChangedAt),
                    MustChangePin = request.MustChangePin,
                    MustChangePinReason = (PinChangeReason)request.MustChangePinReason,
                    PinExpiresAt = request.PinExpiresAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
                    PinHistory = request.PinHistory,
                    CredentialEpoch = existing.CredentialEpoch + 1,
                };
                return new OperatorMutation(next, [new AuditDraft(BackOfficeAuditEventType.OperatorPinChangedOnLane, now, site, caller.TerminalId, request.OperatorId, actor, "accepted")], "accepted", existing);
            }

            if (existing.CredentialEpoch == request.BaseEpoch + 1 && existing.PinHash == request.PinHash)
            {
                return new OperatorMutation(null, [], "already_applied", existing);
            }

            return new OperatorMutation(
                null,
                [new AuditDraft(BackOfficeAuditEventType.OperatorPinChangeConflict, now, site, caller.TerminalId, request.OperatorId, actor, "conflict", $"lane epoch {request.BaseEpoch}, back office epoch {existing.CredentialEpoch}")],
                "conflict",
                existing);
        }, context.RequestAborted).ConfigureAwait(false);

        if (result.Outcome == "not_found" || result.Outcome == OperatorMutation.SiteMissing.Outcome)
        {
            return await _verifier.RefuseAsync(context, "pin-changes", caller, 404, LaneErrorCodes.InvalidRequest, "No such operator.").ConfigureAwait(false);
        }

        if (result.Updated is not null)
        {
            _notifier.Changed(site);
        }

        OperatorRecord current = result.Updated ?? result.Previous!;
        return LaneResponses.Json(caller, new PinChangeResponse { Outcome = result.Outcome, Current = DirectoryMapping.ToWire(current) }, LaneJsonContext.Default.PinChangeResponse, _time);
    }

    /// <summary>
    /// <c>POST leases/report</c>: what the lane did with its leases (cumulative failures and refunds per lease, and whether
    /// it released it). Idempotent: a repeated, reordered or older report adds nothing; a lease of another lane is <c>unknown</c>.
    /// </summary>
    public async Task<IResult> LeaseReportAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "leases/report").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        if (!TryParse(caller.Body, LaneJsonContext.Default.LeaseReportRequest, out LeaseReportRequest? request))
        {
            return await _verifier.RefuseAsync(context, "leases/report", caller, 400, LaneErrorCodes.MalformedJson, "The body is not a valid lease report.").ConfigureAwait(false);
        }

        if (request.Leases.Count > 500 || request.Leases.Any(l => l is null || !LeaseLedger.IsLeaseId(l.LeaseId) || l.Failed is < 0 or > 100 || l.Refunded < 0)
            || request.Leases.Select(l => l.LeaseId).Distinct(StringComparer.Ordinal).Count() != request.Leases.Count)
        {
            return await _verifier.RefuseAsync(context, "leases/report", caller, 400, LaneErrorCodes.InvalidRequest, "A lease report entry is not well formed.").ConfigureAwait(false);
        }

        var acks = new List<LeaseReportAck>(request.Leases.Count);
        foreach (LeaseReportEntry entry in request.Leases)
        {
            int? failed = await _leases.ReportAsync(site, caller.TerminalId, entry, context.RequestAborted).ConfigureAwait(false);
            acks.Add(new LeaseReportAck { LeaseId = entry.LeaseId, Outcome = failed is null ? "unknown" : "counted", Failed = failed ?? 0 });
        }

        return LaneResponses.Json(caller, new LeaseReportResponse { Leases = acks }, LaneJsonContext.Default.LeaseReportResponse, _time);
    }

    /// <summary><c>POST audit</c>: the lane's audit records, stored idempotently by (terminal, sequence).</summary>
    public async Task<IResult> AuditAsync(HttpContext context, string site)
    {
        (LaneCaller? caller, IResult? refusal) = await _verifier.VerifyAsync(context, site, "audit").ConfigureAwait(false);
        if (caller is null)
        {
            return refusal!;
        }

        if (!TryParse(caller.Body, LaneJsonContext.Default.AuditPushRequest, out AuditPushRequest? request))
        {
            return await _verifier.RefuseAsync(context, "audit", caller, 400, LaneErrorCodes.MalformedJson, "The body is not a valid audit push.").ConfigureAwait(false);
        }

        if (request.Records.Count > 1000 || request.Records.Any(r => r is null || r.Sequence <= 0 || !Enum.IsDefined((AuditEventType)r.Type)
            || Long(r.OperatorId) || Long(r.ActorId) || Long(r.Code) || (r.Detail?.Length ?? 0) > 1024))
        {
            return await _verifier.RefuseAsync(context, "audit", caller, 400, LaneErrorCodes.InvalidRequest, "An audit record is not well formed.").ConfigureAwait(false);
        }

        DateTimeOffset now = _time.GetUtcNow();
        var rows = request.Records.ConvertAll(r => new LaneAuditRow(caller.TerminalId, r.Sequence, r.Type, DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(r.Timestamp, 0, 253402300799999)), r.OperatorId, r.ActorId, r.Code, r.Detail));
        _ = await _store.InsertLaneAuditAsync(site, rows, now, context.RequestAborted).ConfigureAwait(false);
        long through = await _store.LaneAuditThroughAsync(caller.TerminalId, context.RequestAborted).ConfigureAwait(false);
        return LaneResponses.Json(caller, new AuditPushResponse { AcknowledgedThrough = through }, LaneJsonContext.Default.AuditPushResponse, _time);

        static bool Long(string? s) => (s?.Length ?? 0) > 128;
    }

    internal static LaneLockoutStatus ToWire(LockoutStatus s) => new()
    {
        State = (int)s.State,
        RemainingAttempts = s.RemainingAttempts,
        LockedUntil = s.LockedUntil?.ToUnixTimeMilliseconds(),
        Reason = (int)s.Reason,
        FailureCount = s.FailureCount,
    };

    /// <summary>An operator number, or a lane's keyed digest of an unknown one (<c>?</c> and 32 lower-case hex digits).</summary>
    private static bool IsSubject(string? id) =>
        id is not null && (OperatorIds.IsWellFormed(id) || (id.Length == 33 && id[0] == '?' && id.AsSpan(1).ContainsAnyExcept(LowerHexDigits) == false));

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool TryParse<T>(byte[] body, JsonTypeInfo<T> type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(body, type);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private static bool TryQueryNumber(IQueryCollection query, string name, long min, long max, long fallback, out long value)
    {
        value = fallback;
        if (!query.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues v))
        {
            return true;
        }

        return v.Count == 1 && v[0] is { Length: > 0 and <= 19 } text
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
