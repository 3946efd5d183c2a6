using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.BackOffice.Audit;
using PosAuth.BackOffice.Storage;
using PosAuth.Lockout;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Lanes;

/// <summary>What a guarded charge came to.</summary>
internal readonly record struct LeaseChargeOutcome(AttemptCharge Charge, LeaseGrant? Grant, bool Held);

/// <summary>
/// Attempt leases: the back office keeps, for every operator of a site, <c>central failures + Σ outstanding leases ≤
/// MaxFailures</c>. Every charge, grant and report of one operator runs under that operator's guard row (one writer at a
/// time across instances, <see cref="BackOfficeStore.GuardedAsync"/>), and the checks are made under it:
/// <list type="bullet">
/// <item>A charge is admitted when it uses the calling lane's own lease (its attempt moves from the lease into the
/// central count: the sum does not change), or when no lease is out, or when <c>failures + 1 + Σ leases ≤ Max</c>.
/// Otherwise the other lanes' leases are recalled and the charge is answered <c>leases_held</c> (the lane says "try again
/// shortly"); connected lanes give their idle leases back within a long-poll round, disconnected lanes' leases stay
/// reserved until they expire.</item>
/// <item>After a right PIN (the refund) the lane gets a lease of up to its <c>LeaseSize</c> attempts out of what is
/// left, <c>failures + Σ leases + size ≤ Max</c>, unless it holds one: leases follow where the cashier signed in last.</item>
/// <item>A report adds the failures a lane charged offline (cumulative per lease: a repeat or an older report adds
/// nothing) to the central count through the lockout policy, and a released lease stops counting.</item>
/// <item>A lease that is never given back stops counting only after its lifetime plus <c>LeaseReclaimMargin</c> on the
/// back office's wall clock, and, when this process granted it, also on its monotonic clock: a wall clock set forward
/// does not reclaim early here.</item>
/// </list>
/// </summary>
internal sealed class LeaseLedger
{
    private readonly BackOfficeStore _store;
    private readonly BackOfficeLockouts _lockouts;
    private readonly TimeProvider _time;
    private readonly BackOfficeOptions _options;
    private readonly ConcurrentDictionary<string, long> _grantedHere = new(StringComparer.Ordinal);

    public LeaseLedger(BackOfficeStore store, BackOfficeLockouts lockouts, TimeProvider time, IOptions<BackOfficeOptions> options)
    {
        _store = store;
        _lockouts = lockouts;
        _time = time;
        _options = options.Value;
    }

    /// <summary>Charges one attempt of a directory operator (with leases); <paramref name="record"/> is the operator's current row.</summary>
    public Task<LeaseChargeOutcome> ChargeAsync(string site, string terminalId, LockoutSubject subject, OperatorRecord record, string? ownLeaseId, int leaseSize, CancellationToken ct) =>
        _store.GuardedAsync(site, subject.OperatorId, async g =>
        {
            ILockoutPolicy policy = _lockouts.ForSite(site);
            int max = _lockouts.MaxFailuresFor(subject.Role);
            List<LeaseRow> active = await ReclaimExpiredAsync(g, await g.ActiveAsync().ConfigureAwait(false)).ConfigureAwait(false);
            LeaseRow? own = ownLeaseId is null ? null : active.Find(l => l.LeaseId == ownLeaseId && l.TerminalId == terminalId);
            int others = active.Where(l => !ReferenceEquals(l, own)).Sum(l => l.Outstanding);
            int ownOutstanding = own?.Outstanding ?? 0;
            int total = others + ownOutstanding;
            LockoutStatus before = await policy.GetStatusAsync(subject, ct).ConfigureAwait(false);
            bool admitted = ownOutstanding >= 1 || total == 0 || before.FailureCount + 1 + total <= max;
            if (!admitted)
            {
                await g.RecallOthersAsync(terminalId).ConfigureAwait(false);
                return new LeaseChargeOutcome(default, null, Held: true);
            }

            if (own is not null)
            {
                // The lane forgets its lease once answered: the lease's attempt funds this charge.
                await g.UpdateAsync(own with { State = LeaseState.Released }).ConfigureAwait(false);
            }

            // No lease is granted here: the PIN is not verified yet. Leases follow right PINs (GrantAfterSuccessAsync), so
            // an attacker guessing online never makes a lane hold room, and the budget stays exact for online guesses.
            AttemptCharge charge = await policy.TryChargeAsync(subject, ct).ConfigureAwait(false);
            LeaseGrant? grant = null;
            return new LeaseChargeOutcome(charge, grant, Held: false);
        }, ct);

    /// <summary>After a right PIN: a lease for the lane if it holds none for the operator and there is room (<c>failures + Σ leases + size ≤ Max</c>).</summary>
    public Task<LeaseGrant?> GrantAfterSuccessAsync(string site, string terminalId, LockoutSubject subject, OperatorRecord record, int leaseSize, CancellationToken ct) =>
        record is not { Disabled: false, Deleted: false, PinHash: not null } ? Task.FromResult<LeaseGrant?>(null) :
        _store.GuardedAsync(site, subject.OperatorId, async g =>
        {
            List<LeaseRow> active = await ReclaimExpiredAsync(g, await g.ActiveAsync().ConfigureAwait(false)).ConfigureAwait(false);
            if (active.Exists(l => l.TerminalId == terminalId && l.Epoch == record.CredentialEpoch && !l.Recall && l.Outstanding >= 1))
            {
                return null;
            }

            LockoutStatus status = await _lockouts.ForSite(site).GetStatusAsync(subject, ct).ConfigureAwait(false);
            if (status.State != LockoutState.Allowed)
            {
                return null;
            }

            int size = Math.Min(Math.Min(leaseSize, _options.MaxLeaseSize), _lockouts.MaxFailuresFor(subject.Role) - status.FailureCount - active.Sum(l => l.Outstanding));
            return size >= 1 ? await GrantInAsync(g, site, terminalId, record, size).ConfigureAwait(false) : null;
        }, ct);

    /// <summary>Applies a lane's report on one of its leases; returns the failures now counted for it, or null when the lane holds no such lease.</summary>
    public async Task<int?> ReportAsync(string site, string terminalId, LeaseReportEntry entry, CancellationToken ct)
    {
        if (await _store.FindLeaseAsync(terminalId, entry.LeaseId, ct).ConfigureAwait(false) is not { } where || where.Site != site)
        {
            return null;
        }

        return await _store.GuardedAsync(site, where.OperatorId, async g =>
        {
            LeaseRow? lease = await g.GetAsync(entry.LeaseId).ConfigureAwait(false);
            if (lease is null || lease.TerminalId != terminalId)
            {
                return (int?)null;
            }

            // Cumulative counts: only what is above the highest report already applied is new (repeats and stale reports add nothing).
            int failed = Math.Min(Math.Max(lease.Failed, entry.Failed), lease.Attempts);
            int added = failed - lease.Failed;
            OperatorRecord? record = await _store.GetOperatorAsync(site, where.OperatorId, ct).ConfigureAwait(false);
            var subject = new LockoutSubject(terminalId, where.OperatorId, record?.Role ?? OperatorRole.Operator);
            ILockoutPolicy policy = _lockouts.ForSite(site);
            for (int i = 0; i < added; i++)
            {
                // Each one was a wrong PIN verified offline: it is counted now (a charge the policy refuses is an operator already locked).
                _ = await policy.TryChargeAsync(subject, ct).ConfigureAwait(false);
            }

            LeaseRow next = lease with
            {
                Failed = failed,
                Refunded = Math.Max(lease.Refunded, entry.Refunded),
                State = lease.State == LeaseState.Active && entry.Released ? LeaseState.Released : lease.State,
            };
            if (next != lease)
            {
                await g.UpdateAsync(next).ConfigureAwait(false);
            }

            if (added > 0)
            {
                await g.AuditAsync([new AuditDraft(BackOfficeAuditEventType.LaneLeaseReported, _time.GetUtcNow(), site, terminalId, where.OperatorId, "terminal:" + terminalId, "offline_failures",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"lease {entry.LeaseId}: {added} new, {failed} in all"))]).ConfigureAwait(false);
            }

            _grantedHere.TryRemove(entry.LeaseId, out _);
            return (int?)failed;
        }, ct).ConfigureAwait(false);
    }

    private async Task<LeaseGrant> GrantInAsync(BackOfficeStore.LeaseSession g, string site, string terminalId, OperatorRecord record, int size)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string id = NewId();
        await g.InsertAsync(new LeaseRow(site, record.OperatorId, id, terminalId, record.CredentialEpoch, size, 0, 0, LeaseState.Active, false, now, now + _options.LeaseLifetime + _options.LeaseReclaimMargin)).ConfigureAwait(false);
        _grantedHere[id] = _time.GetTimestamp();
        return new LeaseGrant
        {
            LeaseId = id,
            OperatorId = record.OperatorId,
            Attempts = size,
            CredentialEpoch = record.CredentialEpoch,
            LifetimeMs = (long)_options.LeaseLifetime.TotalMilliseconds,
        };
    }

    private async Task<List<LeaseRow>> ReclaimExpiredAsync(BackOfficeStore.LeaseSession g, List<LeaseRow> active)
    {
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan term = _options.LeaseLifetime + _options.LeaseReclaimMargin;
        var kept = new List<LeaseRow>(active.Count);
        foreach (LeaseRow l in active)
        {
            bool wallPassed = now >= l.ReclaimAt;
            bool monotonicPassed = !_grantedHere.TryGetValue(l.LeaseId, out long at) || _time.GetElapsedTime(at) >= term;
            if (wallPassed && monotonicPassed)
            {
                await g.UpdateAsync(l with { State = LeaseState.Reclaimed }).ConfigureAwait(false);
                _grantedHere.TryRemove(l.LeaseId, out _);
            }
            else
            {
                kept.Add(l);
            }
        }

        return kept;
    }

    /// <summary>A lease id: 16 CSPRNG bytes in lower-case hex (nothing about the operator in it).</summary>
    internal static string NewId()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a lease id.</summary>
    internal static bool IsLeaseId(string? id) => id is { Length: 32 } && !id.AsSpan().ContainsAnyExcept(LowerHexDigits);

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
}
