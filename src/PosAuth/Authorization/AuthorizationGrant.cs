namespace PosAuth;

/// <summary>
/// A one-shot supervisor authorisation for one named operation (a refund, say), by one operator, on one terminal.
/// It is consumed by <see cref="ISupervisorAuthorizer.TryConsumeAsync"/> exactly once, and expires after
/// <see cref="PermissionOptions.AuthorizationLifetime"/> of real time (a wall clock set back does not extend it). It
/// dies if the authoriser is disabled, deleted or reset before it is used.
/// </summary>
public sealed class AuthorizationGrant
{
    private const int Live = 0;
    private const int Consumed = 1;
    private const int Revoked = 2;

    private readonly long _grantedTimestamp;
    private readonly byte[] _credentialDigest;
    private int _state;

    internal AuthorizationGrant(
        string id,
        string terminalId,
        string requesterId,
        string supervisorId,
        Permission operation,
        DateTimeOffset grantedAt,
        long grantedTimestamp,
        TimeSpan lifetime,
        byte[] credentialDigest)
    {
        Id = id;
        TerminalId = terminalId;
        RequesterId = requesterId;
        SupervisorId = supervisorId;
        Operation = operation;
        GrantedAt = grantedAt;
        ExpiresAt = grantedAt + lifetime;
        Lifetime = lifetime;
        _grantedTimestamp = grantedTimestamp;
        _credentialDigest = credentialDigest;
    }

    /// <summary>A random identifier for the audit trail.</summary>
    public string Id { get; }

    /// <summary>The terminal the grant is for.</summary>
    public string TerminalId { get; }

    /// <summary>The operator the grant is for (who asked for the authorisation); only they may use it.</summary>
    public string RequesterId { get; }

    /// <summary>The authorising supervisor (or administrator).</summary>
    public string SupervisorId { get; }

    /// <summary>The one operation the grant authorises.</summary>
    public Permission Operation { get; }

    /// <summary>When it was granted (the terminal's wall clock).</summary>
    public DateTimeOffset GrantedAt { get; }

    /// <summary>When it stops being usable by the wall clock; real elapsed time may end it earlier, never later.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Whether it has been used.</summary>
    public bool IsConsumed => Volatile.Read(ref _state) == Consumed;

    /// <summary>Whether it died unused because its authoriser was disabled, deleted, demoted or reset.</summary>
    public bool IsRevoked => Volatile.Read(ref _state) == Revoked;

    internal TimeSpan Lifetime { get; }

    internal ReadOnlySpan<byte> CredentialDigest => _credentialDigest;

    /// <summary>
    /// Expired when real (monotonic) time since the grant reaches the lifetime, or when the wall clock says so,
    /// including a wall clock set back before the grant: whichever ends it first.
    /// </summary>
    internal bool IsExpired(TimeProvider time)
    {
        DateTimeOffset now = time.GetUtcNow();
        return time.GetElapsedTime(_grantedTimestamp) >= Lifetime || now >= ExpiresAt || now < GrantedAt;
    }

    internal bool TryMarkConsumed() => Interlocked.CompareExchange(ref _state, Consumed, Live) == Live;

    internal void Revoke() => Interlocked.CompareExchange(ref _state, Revoked, Live);

    /// <inheritdoc />
    public override string ToString() => $"AuthorizationGrant {Id} {Operation} for {RequesterId} by {SupervisorId} on {TerminalId}";
}
