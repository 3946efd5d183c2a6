namespace PosAuth.Authorization;

/// <summary>
/// A one-shot supervisor authorisation for one named operation (a refund, say). It is consumed by
/// <see cref="ISupervisorAuthorizer.TryConsumeAsync"/> exactly once, and expires after
/// <see cref="PermissionOptions.AuthorizationLifetime"/>.
/// </summary>
public sealed class AuthorizationGrant
{
    private int _consumed;

    internal AuthorizationGrant(string id, string terminalId, string supervisorId, Permission operation, DateTimeOffset grantedAt, DateTimeOffset expiresAt)
    {
        Id = id;
        TerminalId = terminalId;
        SupervisorId = supervisorId;
        Operation = operation;
        GrantedAt = grantedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>A random identifier for the audit trail.</summary>
    public string Id { get; }

    /// <summary>The terminal the grant is for.</summary>
    public string TerminalId { get; }

    /// <summary>The authorising supervisor (or administrator).</summary>
    public string SupervisorId { get; }

    /// <summary>The one operation the grant authorises.</summary>
    public Permission Operation { get; }

    /// <summary>When it was granted.</summary>
    public DateTimeOffset GrantedAt { get; }

    /// <summary>When it stops being usable.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Whether it has been used.</summary>
    public bool IsConsumed => Volatile.Read(ref _consumed) != 0;

    internal bool TryMarkConsumed() => Interlocked.Exchange(ref _consumed, 1) == 0;

    /// <inheritdoc />
    public override string ToString() => $"AuthorizationGrant {Id} {Operation} by {SupervisorId} on {TerminalId}";
}
