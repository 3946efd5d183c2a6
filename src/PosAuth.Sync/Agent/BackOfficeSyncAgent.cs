using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.Storage;
using PosAuth.Sync.Client;
using PosAuth.Sync.Protocol;
using PosAuth.Sync.State;

namespace PosAuth.Sync.Agent;

/// <summary>The default <see cref="IBackOfficeSyncAgent"/>. See the package README for what it keeps and when.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "SemaphoreSlim.Dispose only frees the wait handle that AvailableWaitHandle creates on demand, and nothing here reads it; making the singleton disposable would only let a container shutdown race a caller still holding the gate.")]
internal sealed class BackOfficeSyncAgent : IBackOfficeSyncAgent
{
    private const string CursorName = "directory_cursor";
    private const string AuditName = "audit_pushed_through";

    private readonly LaneClient _client;
    private readonly SyncState _state;
    private readonly IOperatorStore _operators;
    private readonly IAuditStore _audit;
    private readonly IAuditSink[] _sinks;
    private readonly SyncSignal _signal;
    private readonly LeaseBook _leases;
    private readonly TimeProvider _time;
    private readonly BackOfficeSyncOptions _options;
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private long _cursor = -1;
    private int _leasesVoided;
    private volatile bool _connected;

    public BackOfficeSyncAgent(LaneClient client, SyncState state, IOperatorStore operators, IAuditStore audit, IEnumerable<IAuditSink> sinks, SyncSignal signal, LeaseBook leases, TimeProvider time, IOptions<BackOfficeSyncOptions> options)
    {
        _client = client;
        _state = state;
        _operators = operators;
        _audit = audit;
        _sinks = [.. sinks.Where(s => s is not SyncWakeAuditSink)];
        _signal = signal;
        _leases = leases;
        _time = time;
        _options = options.Value;
    }

    public event EventHandler<DirectoryAppliedEventArgs>? DirectoryApplied;

    public long Cursor => Math.Max(0, Interlocked.Read(ref _cursor));

    public bool IsConnected => _connected;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Task pull = LoopAsync(PullOnceAsync, cancellationToken);
        Task push = LoopAsync(PushLoopOnceAsync, cancellationToken);
        try
        {
            await Task.WhenAll(pull, push).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public async Task<SyncReport> SyncOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ExchangeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            _connected = false;
            throw;
        }
    }

    private async Task<SyncReport> ExchangeAsync(CancellationToken cancellationToken)
    {
        int applied = 0;
        DirectoryResponse page;
        do
        {
            (page, int n) = await PullPageAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            applied += n;
        }
        while (!page.Complete);

        (int pushed, int conflicts) = await PushPinChangesAsync(cancellationToken).ConfigureAwait(false);
        await PushLeaseReportsAsync(cancellationToken).ConfigureAwait(false);
        long through = await PushAuditAsync(cancellationToken).ConfigureAwait(false);
        return new SyncReport(Cursor, applied, pushed, conflicts, through);
    }

    public async Task<OperatorNotice?> GetNoticeAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        (string Code, DateTimeOffset At)? notice = await _state.GetNoticeAsync(operatorId, cancellationToken).ConfigureAwait(false);
        return notice is { } n ? new OperatorNotice(n.Code, n.At) : null;
    }

    /// <summary>The credential epoch this lane last applied for the operator (0: never synced).</summary>
    internal async Task<long> AppliedEpochAsync(string operatorId, CancellationToken ct) =>
        (await _state.GetAppliedAsync(operatorId, ct).ConfigureAwait(false))?.Epoch ?? 0;

    /// <summary>Asks the loops to run now (a stale replica was seen at a charge).</summary>
    internal void Wake() => _signal.Wake();

    private async Task LoopAsync(Func<CancellationToken, Task> once, CancellationToken ct)
    {
        TimeSpan delay = _options.RetryDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await once(ct).ConfigureAwait(false);
                delay = _options.RetryDelay;
            }
            catch (StoreUnavailableException)
            {
                _connected = false;
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = delay * 2 > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay * 2;
            }
        }
    }

    private async Task PullOnceAsync(CancellationToken ct)
    {
        (DirectoryResponse page, _) = await PullPageAsync(_options.LongPollTimeout, ct).ConfigureAwait(false);
        _ = page;
    }

    private async Task PushLoopOnceAsync(CancellationToken ct)
    {
        Task woken = _signal.Next;
        await PushPinChangesAsync(ct).ConfigureAwait(false);
        await PushLeaseReportsAsync(ct).ConfigureAwait(false);
        await PushAuditAsync(ct).ConfigureAwait(false);
        try
        {
            await woken.WaitAsync(_options.PushInterval, _time, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Periodic push.
        }
    }

    /// <summary>One directory request (a long-poll when <paramref name="wait"/> is positive and nothing is new), applied before the cursor moves.</summary>
    private async Task<(DirectoryResponse Page, int Applied)> PullPageAsync(TimeSpan wait, CancellationToken ct)
    {
        long since = Interlocked.Read(ref _cursor);
        if (since < 0)
        {
            since = await _state.GetLongAsync(CursorName, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _cursor, since);
        }

        string path = LaneProtocol.DirectoryPath(_client.Site) + string.Create(CultureInfo.InvariantCulture, $"?since={since}&wait={(long)wait.TotalSeconds}");
        LaneReply<DirectoryResponse> reply = await _client.GetAsync(path, LaneJsonContext.Default.DirectoryResponse, wait, ct).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            _connected = false;
            throw new BackOfficeUnreachableException($"The back office refused the directory request ({reply.Status} {reply.Problem?.Code}).");
        }

        _connected = true;
        DirectoryResponse page = reply.Value!;
        if (page.Cursor < since)
        {
            // The back office's directory is behind this lane's cursor (restored from a backup, or a new one): start over.
            await _state.SetLongAsync(CursorName, 0, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _cursor, 0);
            return (new DirectoryResponse { Cursor = 0, Complete = false }, 0);
        }

        int applied = await ApplyAsync(page.Operators, ct).ConfigureAwait(false);
        if (page.Recalls is { Count: > 0 } recalls)
        {
            // Another lane needs the room: idle leases go back at once (a lease in use by a sign-in right now stays).
            bool released = false;
            foreach (string leaseId in recalls.Take(100))
            {
                released |= await _leases.ReleaseIfIdleAsync(leaseId, ct).ConfigureAwait(false);
            }

            if (released)
            {
                Interlocked.Exchange(ref _leasesVoided, 1);
            }
        }

        if (Interlocked.Exchange(ref _leasesVoided, 0) == 1)
        {
            // Voided (a new credential epoch) or recalled leases go back before anything else: the room is someone's.
            await PushLeaseReportsAsync(ct).ConfigureAwait(false);
        }

        if (page.Cursor != since)
        {
            await _state.SetLongAsync(CursorName, page.Cursor, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _cursor, page.Cursor);
        }

        if (page.Operators.Count > 0)
        {
            DirectoryApplied?.Invoke(this, new DirectoryAppliedEventArgs(page.Cursor, [.. page.Operators.Select(o => o.OperatorId)]));
        }

        return (page, applied);
    }

    private async Task<int> ApplyAsync(List<DirectoryOperator> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        await _applyGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int applied = 0;
            foreach (DirectoryOperator record in records)
            {
                if (!OperatorIds.IsWellFormed(record.OperatorId))
                {
                    continue;
                }

                applied += await ApplyOneAsync(record, ct).ConfigureAwait(false) ? 1 : 0;
            }

            return applied;
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>
    /// Applies one directory record. A record of an epoch this lane has already applied, while the lane holds a PIN change
    /// of its own not yet pushed, is skipped (the push decides). A record of a newer epoch wins over such a change: the
    /// change lost to the back office (a reset or disable made first); it is audited as a conflict and the cashier is told.
    /// </summary>
    private async Task<bool> ApplyOneAsync(DirectoryOperator record, CancellationToken ct)
    {
        AppliedOperator? applied = await _state.GetAppliedAsync(record.OperatorId, ct).ConfigureAwait(false);
        if (applied is not null && applied.ChangeSeq >= record.ChangeSeq)
        {
            return false;
        }

        for (int attempt = 0; attempt < 8; attempt++)
        {
            OperatorAccount? local = await _operators.FindAsync(record.OperatorId, ct).ConfigureAwait(false);
            bool pendingLocal = local is not null && applied is not null && IsLocalCredentialChange(local, applied);

            // The lane's own PIN change coming back (its push was accepted but the answer was lost): the directory holds
            // this lane's very hash (salted, so no other change can produce it). That is an acknowledgement, not a
            // conflict: apply it silently; nothing is told to the cashier and nothing is pushed again.
            if (pendingLocal && record.PinHash is not null && SameHash(record.PinHash, local!.PinHash))
            {
                pendingLocal = false;
            }
            if (pendingLocal && record.CredentialEpoch <= applied!.Epoch)
            {
                return false;
            }

            if (record.Deleted || record.PinHash is null)
            {
                if (local is not null)
                {
                    await _operators.DeleteAsync(record.OperatorId, ct).ConfigureAwait(false);
                }

                if (await _leases.VoidAsync(record.OperatorId, null, ct).ConfigureAwait(false) > 0)
                {
                    Interlocked.Exchange(ref _leasesVoided, 1);
                }

                await _state.RemoveAppliedAsync(record.OperatorId, ct).ConfigureAwait(false);
                return true;
            }

            OperatorAccount next = ToAccount(record);
            bool written = local is null
                ? await _operators.TryCreateAsync(next, ct).ConfigureAwait(false)
                : await _operators.TryUpdateAsync(next, local.Version, ct).ConfigureAwait(false);
            if (!written)
            {
                continue;
            }

            await _state.SetAppliedAsync(new AppliedOperator(record.OperatorId, record.CredentialEpoch, record.ChangeSeq, next.PinHash, next.PinChangedAt?.UtcTicks), ct).ConfigureAwait(false);

            // A lease is for one credential epoch: a reset or disable voids the older ones (given back at the next report).
            if (await _leases.VoidAsync(record.OperatorId, record.Disabled ? null : record.CredentialEpoch, ct).ConfigureAwait(false) > 0)
            {
                Interlocked.Exchange(ref _leasesVoided, 1);
            }

            if (pendingLocal)
            {
                await ConflictLostAsync(record.OperatorId, applied!.Epoch, record.CredentialEpoch, ct).ConfigureAwait(false);
            }

            return true;
        }

        throw new StoreUnavailableException("The lane's operator store kept changing while a directory record was applied; it is retried.");
    }

    /// <summary>Finds the PIN changes made on this lane (replica credential ≠ last applied) and pushes each over the epoch it was made on.</summary>
    internal async Task<(int Pushed, int Conflicts)> PushPinChangesAsync(CancellationToken ct)
    {
        await _pushGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Dictionary<string, AppliedOperator> applied = await _state.GetAllAppliedAsync(ct).ConfigureAwait(false);
            int pushed = 0;
            int conflicts = 0;
            foreach (OperatorAccount local in await _operators.ListAsync(ct).ConfigureAwait(false))
            {
                if (!applied.TryGetValue(local.OperatorId, out AppliedOperator? a) || !IsLocalCredentialChange(local, a))
                {
                    continue;
                }

                var request = new PinChangeRequest
                {
                    OperatorId = local.OperatorId,
                    BaseEpoch = a.Epoch,
                    PinHash = local.PinHash,
                    PinChangedAt = ToBackOffice(local.PinChangedAt ?? _time.GetUtcNow()).ToUnixTimeMilliseconds(),
                    MustChangePin = local.MustChangePin,
                    MustChangePinReason = (int)local.MustChangePinReason,
                    PinExpiresAt = local.PinExpiresAt is { } e ? ToBackOffice(e).ToUnixTimeMilliseconds() : null,
                    PinHistory = [.. local.PinHistory],
                };
                LaneReply<PinChangeResponse> reply = await _client.PostAsync(LaneProtocol.PinChangesPath(_client.Site), request, LaneJsonContext.Default.PinChangeRequest, LaneJsonContext.Default.PinChangeResponse, ct).ConfigureAwait(false);
                if (!reply.IsSuccess)
                {
                    throw new BackOfficeUnreachableException($"The back office refused a PIN change ({reply.Status} {reply.Problem?.Code}).");
                }

                PinChangeResponse answer = reply.Value!;
                if (answer.Outcome is "accepted" or "already_applied")
                {
                    pushed++;
                    OperatorAccount? now = await _operators.FindAsync(local.OperatorId, ct).ConfigureAwait(false);
                    if (now is not null && now.PinHash == local.PinHash)
                    {
                        await _state.SetAppliedAsync(new AppliedOperator(local.OperatorId, answer.Current.CredentialEpoch, answer.Current.ChangeSeq, now.PinHash, now.PinChangedAt?.UtcTicks), ct).ConfigureAwait(false);
                    }
                }
                else
                {
                    // The back office's credential wins: apply it over the local change, tell the cashier, audit it here too.
                    conflicts++;
                    await _applyGate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await _state.SetAppliedAsync(a with { ChangeSeq = Math.Min(a.ChangeSeq, answer.Current.ChangeSeq - 1) }, ct).ConfigureAwait(false);
                        await ForceApplyAsync(answer.Current, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        _applyGate.Release();
                    }

                    await ConflictLostAsync(local.OperatorId, a.Epoch, answer.Current.CredentialEpoch, ct).ConfigureAwait(false);
                }
            }

            return (pushed, conflicts);
        }
        finally
        {
            _pushGate.Release();
        }
    }

    private async Task ForceApplyAsync(DirectoryOperator record, CancellationToken ct)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            OperatorAccount? local = await _operators.FindAsync(record.OperatorId, ct).ConfigureAwait(false);
            OperatorAccount next = ToAccount(record);
            bool written = local is null ? await _operators.TryCreateAsync(next, ct).ConfigureAwait(false) : await _operators.TryUpdateAsync(next, local.Version, ct).ConfigureAwait(false);
            if (written)
            {
                await _state.SetAppliedAsync(new AppliedOperator(record.OperatorId, record.CredentialEpoch, record.ChangeSeq, next.PinHash, next.PinChangedAt?.UtcTicks), ct).ConfigureAwait(false);
                return;
            }
        }

        throw new StoreUnavailableException("The lane's operator store kept changing while the back office's credential was applied; it is retried.");
    }

    /// <summary>
    /// Reports what the lane did with its leases: per lease the cumulative failures and refunds and whether it is
    /// released. Cumulative counts make the report idempotent: a repeat, or an older report arriving late, adds nothing.
    /// </summary>
    internal async Task<int> PushLeaseReportsAsync(CancellationToken ct)
    {
        List<LaneLease> due = await _leases.ToReportAsync(ct).ConfigureAwait(false);
        int reported = 0;
        foreach (LaneLease[] batch in due.Chunk(200))
        {
            var request = new LeaseReportRequest
            {
                Leases = [.. batch.Select(l => new LeaseReportEntry { LeaseId = l.LeaseId, Failed = l.Failed, Refunded = l.Refunded, Released = l.Released })],
            };
            LaneReply<LeaseReportResponse> reply = await _client.PostAsync(LaneProtocol.LeaseReportPath(_client.Site), request, LaneJsonContext.Default.LeaseReportRequest, LaneJsonContext.Default.LeaseReportResponse, ct).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                throw new BackOfficeUnreachableException($"The back office refused the lease report ({reply.Status} {reply.Problem?.Code}).");
            }

            foreach (LaneLease lease in batch)
            {
                LeaseReportAck? ack = reply.Value!.Leases.Find(a => a.LeaseId == lease.LeaseId);
                if (ack is null)
                {
                    continue;
                }

                // "unknown": the back office holds no such lease of this lane (nothing to count): stop reporting it.
                await _leases.MarkReportedAsync(lease, ack.Failed, ack.Outcome == "unknown", ct).ConfigureAwait(false);
                reported++;
            }
        }

        return reported;
    }

    private async Task<long> PushAuditAsync(CancellationToken ct)
    {
        long through = await _state.GetLongAsync(AuditName, ct).ConfigureAwait(false);
        while (true)
        {
            IReadOnlyList<AuditRecord> records = await _audit.ReadAsync(through, 500, ct).ConfigureAwait(false);
            if (records.Count == 0)
            {
                return through;
            }

            var request = new AuditPushRequest
            {
                Records = [.. records.Select(r => new LaneAuditRecord
                {
                    Sequence = r.Sequence,
                    Type = (int)r.Event.Type,
                    Timestamp = ToBackOffice(r.Event.Timestamp).ToUnixTimeMilliseconds(),
                    OperatorId = r.Event.OperatorId,
                    ActorId = r.Event.ActorId,
                    Code = r.Event.Code,
                    Detail = r.Event.Detail,
                })],
            };
            LaneReply<AuditPushResponse> reply = await _client.PostAsync(LaneProtocol.AuditPath(_client.Site), request, LaneJsonContext.Default.AuditPushRequest, LaneJsonContext.Default.AuditPushResponse, ct).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                throw new BackOfficeUnreachableException($"The back office refused the audit push ({reply.Status} {reply.Problem?.Code}).");
            }

            long last = records[^1].Sequence;
            through = last;
            await _state.SetLongAsync(AuditName, through, ct).ConfigureAwait(false);
            if (records.Count < 500)
            {
                return through;
            }
        }
    }

    private async Task ConflictLostAsync(string operatorId, long laneEpoch, long backOfficeEpoch, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        await _state.SetNoticeAsync(operatorId, OperatorNotice.PinChangeLost, now, ct).ConfigureAwait(false);
        var e = new AuditEvent(AuditEventType.PinReset, now, _client.TerminalId, operatorId, ActorId: "backoffice", Code: "pin_change_conflict_lost",
            Detail: string.Create(CultureInfo.InvariantCulture, $"lane epoch {laneEpoch}, back office epoch {backOfficeEpoch}"));
        foreach (IAuditSink sink in _sinks)
        {
            await sink.WriteAsync(e, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A credential the lane set itself: the hash and the time it was set both differ from what the back office last gave (a rehash keeps the time).</summary>
    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private static bool IsLocalCredentialChange(OperatorAccount local, AppliedOperator applied) =>
        !string.Equals(local.PinHash, applied.PinHash, StringComparison.Ordinal) && local.PinChangedAt?.UtcTicks != applied.PinChangedAtTicks;

    /// <summary>The directory record as the lane's account, its instants moved onto the lane's clock (so lifetimes are measured right even when the lane's clock is wrong).</summary>
    private OperatorAccount ToAccount(DirectoryOperator r) => new()
    {
        OperatorId = r.OperatorId,
        Role = Enum.IsDefined((OperatorRole)r.Role) ? (OperatorRole)r.Role : OperatorRole.Operator,
        PinHash = r.PinHash!,
        MustChangePin = r.MustChangePin,
        MustChangePinReason = Enum.IsDefined((PinChangeReason)r.MustChangePinReason) ? (PinChangeReason)r.MustChangePinReason : PinChangeReason.ResetByHigherRole,
        IsDisabled = r.Disabled,
        DisplayName = r.DisplayName,
        CreatedAt = ToLane(r.CreatedAt),
        PinChangedAt = r.PinChangedAt is { } p ? ToLane(p) : null,
        PinExpiresAt = r.PinExpiresAt is { } e ? ToLane(e) : null,
        PinHistory = r.PinHistory,
    };

    private DateTimeOffset ToLane(long backOfficeMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(backOfficeMilliseconds) - _client.ClockOffset;

    private DateTimeOffset ToBackOffice(DateTimeOffset lane) => lane + _client.ClockOffset;
}
