using System.Security.Cryptography;
using PosAuth.Lockout;
using PosAuth.Sync.Agent;
using PosAuth.Sync.Client;
using PosAuth.Sync.Protocol;

namespace PosAuth.Sync.Lockout;

/// <summary>
/// The lane's lockout policy when it has a back office. Sign-in subjects (an operator number, or the keyed digest of a
/// number nobody has) are charged at the back office, against the site-wide budget, in ONE round trip before the lane
/// runs the KDF on its replica's hash; a right PIN is refunded there (a second round trip, after the KDF). Everything
/// else (the offline-unlock flow's own limits, the factory reset) stays on the lane's local policy.
/// </summary>
/// <remarks>
/// <para>Fail closed: when the back office cannot be reached or answers unsigned, the charge throws
/// <see cref="StoreUnavailableException"/> and the sign-in is <c>StoreUnavailable</c> (neither a success nor a wrong PIN).
/// The offline path (attempt leases) plugs in here; see the back office README.</para>
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

    public BackOfficeLockoutPolicy(ILockoutPolicy local, LaneClient client, BackOfficeSyncAgent agent)
    {
        _local = local;
        _client = client;
        _agent = agent;
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

    public ValueTask<LockoutStatus> RegisterSuccessAsync(AttemptCharge charge, CancellationToken cancellationToken) =>
        charge.State is CentralCharge central ? RefundAsync(charge, central, cancellationToken) : _local.RegisterSuccessAsync(charge, cancellationToken);

    public ValueTask<LockoutStatus> RegisterFailureAsync(AttemptCharge charge, CancellationToken cancellationToken) =>
        charge.State is CentralCharge ? new(charge.Status) : _local.RegisterFailureAsync(charge, cancellationToken);

    public ValueTask<LockoutUnlockResult> UnlockAsync(LockoutSubject subject, LockoutActor actor, CancellationToken cancellationToken) =>
        _local.UnlockAsync(subject, actor, cancellationToken);

    public ValueTask ResetAllAsync(LockoutActor actor, CancellationToken cancellationToken) => _local.ResetAllAsync(actor, cancellationToken);

    public LockoutRefundPlan PrepareSuccess(AttemptCharge charge) => charge.State is CentralCharge ? default : _local.PrepareSuccess(charge);

    private async ValueTask<AttemptCharge> ChargeCentrallyAsync(LockoutSubject subject, CancellationToken ct)
    {
        var request = new ChargeRequest { RequestId = RandomId(), OperatorId = subject.OperatorId };
        LaneReply<ChargeResponse> reply;
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

        if (!reply.IsSuccess)
        {
            throw new BackOfficeUnreachableException($"The back office refused the charge ({reply.Status} {reply.Problem?.Code}).");
        }

        ChargeResponse answer = reply.Value!;
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

    private async ValueTask<LockoutStatus> RefundAsync(AttemptCharge charge, CentralCharge central, CancellationToken ct)
    {
        LockoutStatus? refunded = await TryRefundAsync(central.ChargeId, ct).ConfigureAwait(false);

        // A lost refund leaves the attempt counted at the back office (the cashier loses one try, the next right PIN clears it).
        return refunded ?? new LockoutStatus { State = LockoutState.Allowed, RemainingAttempts = Math.Max(1, charge.Status.RemainingAttempts + 1) };
    }

    private async Task<LockoutStatus?> TryRefundAsync(string chargeId, CancellationToken ct)
    {
        try
        {
            LaneReply<RefundResponse> reply = await _client.PostAsync(LaneProtocol.RefundsPath(_client.Site), new RefundRequest { ChargeId = chargeId }, LaneJsonContext.Default.RefundRequest, LaneJsonContext.Default.RefundResponse, ct).ConfigureAwait(false);
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
}
