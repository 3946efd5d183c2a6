using System.Security.Cryptography;
using PosAuth.Lockout;
using PosAuth.Sync.Agent;
using PosAuth.Sync.Client;
using PosAuth.Sync.Protocol;
using PosAuth.Sync.State;

namespace PosAuth.Sync.Lockout;

/// <summary>
/// The lane's lockout policy when it has a back office. Sign-in subjects (an operator number, or the keyed digest of a
/// number nobody has) are charged at the back office, against the site-wide budget, in ONE round trip before the lane
/// runs the KDF on its replica's hash; a right PIN is refunded there (a second round trip, after the KDF). Everything
/// else (the offline-unlock flow's own limits, the factory reset) stays on the lane's local policy.
/// </summary>
/// <remarks>
/// <para>Offline: when no answer comes (the back office is down or cut off) or it answers that its database is down, the
/// attempt is charged on one of this lane's attempt leases for the operator (<see cref="LeaseBook"/>), durably, before
/// the KDF; a right PIN gives it back, a wrong one uses it up and is reported on reconnect. With no usable lease (none,
/// used up, expired, of an older credential epoch) the lane fails closed: <see cref="StoreUnavailableException"/>, and
/// the sign-in is <c>StoreUnavailable</c> (neither a success nor a wrong PIN), as is any unsigned answer.</para>
/// <para>Online, the charge offers the lane's lease (its attempt funds the charge, so the back office's sum does not
/// move) and asks for a new one; the answer's lease is stored before the KDF runs.</para>
/// <para>A charge answer carries the operator's credential epoch at the back office. If it is newer than the one this
/// lane applied (a reset or disable not yet synced), the PIN is NOT verified against the old hash: the charge is
/// refunded, the agent is woken, and the attempt is <c>StoreUnavailable</c> (try again in a moment). So once the back
/// office has committed a reset, no lane that can reach it accepts the old PIN, synced or not.</para>
/// </remarks>
internal sealed class BackOfficeLockoutPolicy : ILockoutPolicy
{
    private readonly ILockoutPolicy _local;
    private readonly LaneClient _client;
    private readonly BackOfficeSyncAgent _agent;
    private readonly LeaseBook _leases;
    private readonly TimeProvider _time;

    public BackOfficeLockoutPolicy(ILockoutPolicy local, LaneClient client, BackOfficeSyncAgent agent, LeaseBook leases, TimeProvider time)
    {
        _local = local;
        _client = client;
        _agent = agent;
        _leases = leases;
        _time = time;
    }

    /// <summary>Whether the subject is a sign-in of an operator (charged centrally) rather than a recovery flow's own limit.</summary>
    internal static bool IsCentral(in LockoutSubject subject)
    {
        string id = subject.OperatorId;
        return OperatorIds.IsWellFormed(id) || (id.Length == 33 && id[0] == '?' && !id.AsSpan(1).ContainsAnyExcept(LowerHexDigits));
    }

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public ValueTask<LockoutStatus> GetStatusAsync(LockoutSubject subject, CancellationToken cancellationToken) => _local.GetStatusAsync(subject, cancellationToken);

    public ValueTask<AttemptCharge> TryChargeAsync(LockoutSubject subject, CancellationToken cancellationToken) =>
        IsCentral(subject) ? ChargeCentrallyAsync(subject, cancellationToken) : _local.TryChargeAsync(subject, cancellationToken);

    public ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken) => charge.State switch
    {
        CentralCharge central => RefundAsync(charge, central, cancellationToken),
        LeaseCharge lease => SettleLeaseAsync(charge, lease, right: true, cancellationToken),
        _ => _local.RegisterSuccessAsync(charge, cancellationToken),
    };

    public ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken) => charge.State switch
    {
        CentralCharge => new(charge.Status),
        LeaseCharge lease => SettleLeaseAsync(charge, lease, right: false, cancellationToken),
        _ => _local.RegisterFailureAsync(charge, cancellationToken),
    };

    public ValueTask<LockoutUnlockResult> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken) =>
        _local.UnlockAsync(subject, actor, cancellationToken);

    public ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken) => _local.ResetAllAsync(actor, cancellationToken);

    public LockoutRefundPlan PrepareSuccess(AttemptCharge charge) => charge.State is CentralCharge or LeaseCharge ? default : _local.PrepareSuccess(charge);

    private async ValueTask<AttemptCharge> ChargeCentrallyAsync(LockoutSubject subject, CancellationToken ct)
    {
        bool leased = _leases.Size > 0 && OperatorIds.IsWellFormed(subject.OperatorId);
        long appliedEpoch = leased ? await _agent.AppliedEpochAsync(subject.OperatorId, ct).ConfigureAwait(false) : 0;
        LaneLease? offered = leased ? await _leases.HoldForOnlineAsync(subject.OperatorId, appliedEpoch, ct).ConfigureAwait(false) : null;
        var request = new ChargeRequest { RequestId = RandomId(), OperatorId = subject.OperatorId, LeaseId = offered?.LeaseId, LeaseSize = leased ? _leases.Size : 0 };

        // The lease's term starts before the request leaves: the lane's clock of it never runs behind the back office's.
        long sentAt = _time.GetTimestamp();
        LaneReply<ChargeResponse> reply;
        try
        {
            try
            {
                reply = await _client.PostAsync(LaneProtocol.ChargesPath(_client.Site), request, LaneJsonContext.Default.ChargeRequest, LaneJsonContext.Default.ChargeResponse, ct).ConfigureAwait(false);
            }
            catch (BackOfficeUnreachableException ex) when (ex.IsTransport)
            {
                // The answer may be lost after the back office committed the charge: ask once more with the SAME request id,
                // which the back office answers from its memory of the first one (charged once).
                reply = await _client.PostAsync(LaneProtocol.ChargesPath(_client.Site), request, LaneJsonContext.Default.ChargeRequest, LaneJsonContext.Default.ChargeResponse, ct).ConfigureAwait(false);
            }
        }
        catch (BackOfficeUnreachableException ex) when (ex.IsTransport)
        {
            // No answer: nothing was verified for this request, so the offered lease may fund the offline attempt.
            _leases.Unhold(offered);
            return await ChargeOfflineAsync(subject, leased, appliedEpoch, ex, ct).ConfigureAwait(false);
        }
        catch
        {
            _leases.Unhold(offered);
            throw;
        }

        if (!reply.IsSuccess)
        {
            _leases.Unhold(offered);
            var refused = new BackOfficeUnreachableException($"The back office refused the charge ({reply.Status} {reply.Problem?.Code}).");
            return reply.Status == 503 && reply.Problem?.Code == LaneErrorCodes.StoreUnavailable
                ? await ChargeOfflineAsync(subject, leased, appliedEpoch, refused, ct).ConfigureAwait(false)
                : throw refused;
        }

        ChargeResponse answer = reply.Value!;

        // Answered: the offered lease is spent (it funded this charge, or the back office no longer counts it); the new one
        // is on disk before the KDF runs, so no crash lets one attempt be paid twice.
        LeaseGrant? granted = answer.Lease is { } g && g.OperatorId == subject.OperatorId && g.Attempts is >= 1 and <= 10 ? g : null;
        await _leases.SettleOnlineAsync(offered, granted, sentAt, ct).ConfigureAwait(false);
        LockoutStatus status = FromWire(answer.Status);
        if (!answer.Allowed || answer.ChargeId is null)
        {
            return AttemptCharge.RejectedByPolicy(subject, status);
        }

        if (answer.CredentialEpoch is { } epoch && epoch > await _agent.AppliedEpochAsync(subject.OperatorId, ct).ConfigureAwait(false))
        {
            // The replica is behind the back office for this operator: never verify against a credential it has replaced.
            await TryRefundAsync(answer.ChargeId, ct).ConfigureAwait(false);
            _agent.Wake();
            throw new BackOfficeUnreachableException("This lane has not yet applied the operator's latest credential; it is being synced.");
        }

        return AttemptCharge.ForPolicy(subject, status, answer.AppliedLock, new CentralCharge(answer.ChargeId));
    }

    /// <summary>Charges the attempt on one of the lane's leases (durably, before the KDF), or fails closed.</summary>
    private async ValueTask<AttemptCharge> ChargeOfflineAsync(LockoutSubject subject, bool leased, long appliedEpoch, Exception cause, CancellationToken ct)
    {
        LaneLease? taken = leased ? await _leases.TakeOfflineAsync(subject.OperatorId, appliedEpoch, ct).ConfigureAwait(false) : null;
        if (taken is null)
        {
            throw new BackOfficeUnreachableException("The back office cannot be reached and this lane holds no usable attempt lease for the operator.", cause);
        }

        _agent.Wake();

        // If this PIN is wrong and it was the lease's last attempt, the cashier is locked on this lane until it reconnects.
        LockoutStatus ifFailed = taken.Remaining >= 1
            ? new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = taken.Remaining, FailureCount = taken.Failed + 1 }
            : new LockoutStatus { State = LockoutState.LockedTemporarily, Reason = LockReason.TooManyFailures, FailureCount = taken.Failed + 1 };
        return AttemptCharge.ForPolicy(subject, ifFailed, appliedLock: taken.Remaining == 0, new LeaseCharge(taken.LeaseId, taken.Remaining));
    }

    private async ValueTask<LockoutStatus> SettleLeaseAsync(AttemptCharge charge, LeaseCharge lease, bool right, CancellationToken ct)
    {
        await _leases.SettleOfflineAsync(lease.LeaseId, right, ct).ConfigureAwait(false);
        _agent.Wake();
        return right ? new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = lease.RemainingAfter + 1 } : charge.Status;
    }

    private async ValueTask<LockoutStatus> RefundAsync(AttemptCharge charge, CentralCharge central, CancellationToken ct)
    {
        string? leaseFor = _leases.Size > 0 && OperatorIds.IsWellFormed(charge.Subject.OperatorId) ? charge.Subject.OperatorId : null;
        LockoutStatus? refunded = await TryRefundAsync(central.ChargeId, ct, leaseFor).ConfigureAwait(false);

        // A lost refund leaves the attempt counted at the back office (the cashier loses one try, the next right PIN clears it).
        return refunded ?? new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = Math.Max(1, charge.Status.RemainingAttempts + 1) };
    }

    private async Task<LockoutStatus?> TryRefundAsync(string chargeId, CancellationToken ct, string? operatorId = null)
    {
        try
        {
            long sentAt = _time.GetTimestamp();
            LaneReply<RefundResponse> reply = await _client.PostAsync(LaneProtocol.RefundsPath(_client.Site), new RefundRequest { ChargeId = chargeId, LeaseSize = operatorId is null ? 0 : _leases.Size }, LaneJsonContext.Default.RefundRequest, LaneJsonContext.Default.RefundResponse, ct).ConfigureAwait(false);
            if (reply.IsSuccess && operatorId is not null && reply.Value!.Lease is { } g && g.OperatorId == operatorId && g.Attempts is >= 1 and <= 10)
            {
                await _leases.SettleOnlineAsync(null, g, sentAt, ct).ConfigureAwait(false);
            }

            return reply.IsSuccess ? FromWire(reply.Value!.Status) : null;
        }
        catch (StoreUnavailableException)
        {
            return null;
        }
    }

    private static LockoutStatus FromWire(LaneLockoutStatus s) => new()
    {
        State = Enum.IsDefined((LockoutState)s.State) ? (LockoutState)s.State : LockoutState.LockedPermanently,
        RemainingAttempts = Math.Max(0, s.RemainingAttempts),
        LockedUntil = s.LockedUntil is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null,
        Reason = Enum.IsDefined((LockReason)s.Reason) ? (LockReason)s.Reason : LockReason.TooManyFailures,
        FailureCount = Math.Max(0, s.FailureCount),
    };

    private static string RandomId()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>The back office's id of a central charge (no secret).</summary>
    private sealed record CentralCharge(string ChargeId);

    /// <summary>An attempt charged offline on a lease (its id, and the attempts left on it after this one).</summary>
    private sealed record LeaseCharge(string LeaseId, int RemainingAfter);
}
