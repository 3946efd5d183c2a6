using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PosAuth.Sync.Protocol;

namespace PosAuth.Sync.State;

/// <summary>
/// The lane's attempt leases: attempts the back office reserved for this lane so it can sign an operator in while the
/// back office cannot be reached. Durable in the sync state file (<see cref="SyncState"/>): an offline attempt is taken
/// from its lease on disk before the KDF runs, and settled after (a right PIN gives it back); a verdict lost to a crash
/// counts as a failure.
/// </summary>
/// <remarks>
/// <para><b>Expiry</b> is measured on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) from the moment the
/// lane sent the request that was answered with the lease, never on the wall clock, so setting the clock back does not
/// lengthen a lease. A timestamp only means something on the timeline it was taken on: the lease keeps the timeline's id
/// (the machine's boot id for the system clock; the provider instance otherwise) and is void on any other one, so a
/// reboot never revives a lease and a restart of the process on the same boot only continues its term.</para>
/// <para><b>One use per attempt.</b> A lease offered to an online charge is marked in use in memory until the answer:
/// if the answer comes, the lease is gone before the KDF runs (the back office counted the attempt); if none comes, the
/// back office may have counted it but the lane did not verify anything, so the lease may fund the offline attempt.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "SemaphoreSlim.Dispose only frees the wait handle that AvailableWaitHandle creates on demand, and nothing here reads it; the book lives as long as the agent that owns it.")]
internal sealed class LeaseBook
{
    private static readonly ConditionalWeakTable<TimeProvider, string> ProviderTimelines = new();
    private readonly SyncState _state;
    private readonly TimeProvider _time;
    private readonly string _timeline;
    private readonly ConcurrentDictionary<string, byte> _inUse = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LeaseBook(SyncState state, TimeProvider time, IOptions<BackOfficeSyncOptions> options)
    {
        _state = state;
        _time = time;
        Size = options.Value.LeaseSize;
        _timeline = TimelineOf(time);
    }

    /// <summary>How many attempts the lane asks to hold per operator (0: no offline sign-in).</summary>
    public int Size { get; }

    /// <summary>The current timeline's id (see the remarks).</summary>
    public string Timeline => _timeline;

    /// <summary>Whether <paramref name="lease"/> may be charged now for an operator whose applied credential epoch is <paramref name="appliedEpoch"/>.</summary>
    public bool IsUsable(LaneLease lease, long appliedEpoch) =>
        !lease.Released && lease.Remaining >= 1 && lease.Epoch == appliedEpoch && !IsExpired(lease);

    /// <summary>Whether the lease's term has passed (or it was granted on another timeline, where its timestamp means nothing).</summary>
    public bool IsExpired(LaneLease lease)
    {
        if (!string.Equals(lease.Timeline, _timeline, StringComparison.Ordinal))
        {
            return true;
        }

        TimeSpan elapsed = _time.GetElapsedTime(lease.GrantedTimestamp);
        return elapsed < TimeSpan.Zero || elapsed >= TimeSpan.FromMilliseconds(lease.LifetimeMs);
    }

    /// <summary>
    /// A usable lease of the operator to offer to an online charge (marked in use until <see cref="Unhold"/> or
    /// <see cref="SettleOnlineAsync"/>): only one whose failures are all reported, so the back office never frees room
    /// it has not counted.
    /// </summary>
    public async Task<LaneLease?> HoldForOnlineAsync(string operatorId, long appliedEpoch, CancellationToken ct)
    {
        foreach (LaneLease lease in await _state.GetLeasesAsync(operatorId, ct).ConfigureAwait(false))
        {
            if (IsUsable(lease, appliedEpoch) && lease.Pending == 0 && lease.Failed == lease.ReportedFailed && _inUse.TryAdd(lease.LeaseId, 0))
            {
                return lease;
            }
        }

        return null;
    }

    public void Unhold(LaneLease? lease)
    {
        if (lease is not null)
        {
            _inUse.TryRemove(lease.LeaseId, out _);
        }
    }

    /// <summary>The back office answered an online charge: the offered lease is spent, the granted one (if any) is stored. Durable before the KDF.</summary>
    public async Task SettleOnlineAsync(LaneLease? offered, LeaseGrant? granted, long sentTimestamp, CancellationToken ct)
    {
        try
        {
            LaneLease? next = granted is null ? null : new LaneLease(
                granted.LeaseId, granted.OperatorId, granted.CredentialEpoch, granted.Attempts, granted.Attempts, 0, 0, 0, false, _timeline, sentTimestamp,
                Math.Max(0, granted.LifetimeMs), 0, 0, false);
            if (offered is not null || next is not null)
            {
                await _state.ReplaceLeaseAsync(offered?.LeaseId, next, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            Unhold(offered);
        }
    }

    /// <summary>Takes one attempt of a usable lease of the operator, durably; null when there is none.</summary>
    public async Task<LaneLease?> TakeOfflineAsync(string operatorId, long appliedEpoch, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (LaneLease lease in await _state.GetLeasesAsync(operatorId, ct).ConfigureAwait(false))
            {
                if (IsUsable(lease, appliedEpoch) && !_inUse.ContainsKey(lease.LeaseId) && await _state.TryTakeLeaseAttemptAsync(lease.LeaseId, ct).ConfigureAwait(false))
                {
                    return lease with { Remaining = lease.Remaining - 1, Pending = lease.Pending + 1 };
                }
            }

            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task SettleOfflineAsync(string leaseId, bool right, CancellationToken ct) => _state.SettleLeaseAttemptAsync(leaseId, right, ct);

    /// <summary>Gives a recalled lease back if no sign-in is using it; true when released.</summary>
    public async Task<bool> ReleaseIfIdleAsync(string leaseId, CancellationToken ct)
    {
        if (!_inUse.TryAdd(leaseId, 0))
        {
            return false;
        }

        try
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                LaneLease? lease = (await _state.GetLeasesAsync(null, ct).ConfigureAwait(false)).Find(l => l.LeaseId == leaseId);
                if (lease is null || lease.Released || lease.Pending > 0)
                {
                    return false;
                }

                await _state.ReleaseLeaseAsync(leaseId, ct).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            _inUse.TryRemove(leaseId, out _);
        }
    }

    /// <summary>Releases the operator's leases of epochs other than <paramref name="epoch"/> (a reset or disable voids them), or all of them when null.</summary>
    public async Task<int> VoidAsync(string operatorId, long? epoch, CancellationToken ct)
    {
        int n = 0;
        foreach (LaneLease lease in await _state.GetLeasesAsync(operatorId, ct).ConfigureAwait(false))
        {
            if (!lease.Released && (epoch is null || lease.Epoch != epoch))
            {
                await _state.ReleaseLeaseAsync(lease.LeaseId, ct).ConfigureAwait(false);
                n++;
            }
        }

        return n;
    }

    /// <summary>Releases expired leases, then returns what the back office has not yet heard.</summary>
    public async Task<List<LaneLease>> ToReportAsync(CancellationToken ct)
    {
        var list = new List<LaneLease>();
        foreach (LaneLease lease in await _state.GetLeasesAsync(null, ct).ConfigureAwait(false))
        {
            LaneLease current = lease;
            if (!lease.Released && lease.Pending == 0 && !_inUse.ContainsKey(lease.LeaseId) && (IsExpired(lease) || lease.Remaining == 0))
            {
                await _state.ReleaseLeaseAsync(lease.LeaseId, ct).ConfigureAwait(false);
                current = lease with { Released = true, Remaining = 0 };
            }

            if (current.NeedsReport)
            {
                list.Add(current);
            }
        }

        return list;
    }

    /// <summary>Records the back office's acknowledgement; a lease it does not know is released here too (it counts nowhere, so it must fund nothing).</summary>
    public async Task MarkReportedAsync(LaneLease lease, int acknowledgedFailed, bool unknown, CancellationToken ct)
    {
        if (unknown)
        {
            await _state.ReleaseLeaseAsync(lease.LeaseId, ct).ConfigureAwait(false);
        }

        await _state.MarkLeaseReportedAsync(lease.LeaseId, unknown ? lease.Failed : Math.Min(lease.Failed, acknowledgedFailed), lease.Refunded, lease.Released || unknown, ct).ConfigureAwait(false);
    }

    /// <summary>The id of the timeline <paramref name="time"/>'s timestamps are on.</summary>
    internal static string TimelineOf(TimeProvider time)
    {
        if (ReferenceEquals(time, TimeProvider.System))
        {
            // Stopwatch timestamps are the OS monotonic clock since boot: one timeline per boot.
            try
            {
                const string bootIdPath = "/proc/sys/kernel/random/boot_id";
                if (File.Exists(bootIdPath) && File.ReadAllText(bootIdPath).Trim() is { Length: > 0 and <= 64 } id)
                {
                    return "boot:" + id;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        // No boot id to trust (another OS, or a test clock): the timeline lives as long as this provider instance.
        return ProviderTimelines.GetValue(time, static _ => "process:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }
}
