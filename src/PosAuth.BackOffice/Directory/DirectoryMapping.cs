using PosAuth.BackOffice.Storage;
using PosAuth.Sync.Protocol;

namespace PosAuth.BackOffice.Directory;

internal static class DirectoryMapping
{
    public static DirectoryOperator ToWire(OperatorRecord o) => new()
    {
        OperatorId = o.OperatorId,
        Role = (int)o.Role,
        PinHash = o.Deleted ? null : o.PinHash,
        MustChangePin = o.MustChangePin,
        MustChangePinReason = (int)o.MustChangePinReason,
        Disabled = o.Disabled,
        DisplayName = o.DisplayName,
        CreatedAt = o.CreatedAt.ToUnixTimeMilliseconds(),
        PinChangedAt = o.PinChangedAt?.ToUnixTimeMilliseconds(),
        PinExpiresAt = o.PinExpiresAt?.ToUnixTimeMilliseconds(),
        PinHistory = o.Deleted ? [] : o.PinHistory,
        CredentialEpoch = o.CredentialEpoch,
        Deleted = o.Deleted,
        ChangeSeq = o.ChangeSeq,
    };
}
