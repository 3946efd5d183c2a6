using System.Text.Json.Serialization;

namespace PosAuth.BackOffice.Management;

// The management API's JSON (camelCase, source-generated). Secrets shown once (an initial password, a temporary PIN, a
// lane key, a TOTP secret, an unlock response) appear only in the answer to the request that created them.

internal sealed class SignInRequest
{
    public required string UserId { get; init; }

    public required string Password { get; init; }

    public string? TotpCode { get; init; }
}

internal sealed class SessionResponse
{
    public string? Token { get; init; }

    public required string UserId { get; init; }

    public required string Kind { get; init; }

    public string[] Sites { get; init; } = [];

    public bool MustChangePassword { get; init; }

    public bool SecondFactorPending { get; init; }
}

internal sealed class ChangePasswordRequest
{
    public required string CurrentPassword { get; init; }

    public required string NewPassword { get; init; }
}

internal sealed class TotpEnrolmentResponse
{
    public required string Secret { get; init; }

    public required string OtpAuthUri { get; init; }
}

internal sealed class CodeRequest
{
    public required string Code { get; init; }
}

internal sealed class CreateUserRequest
{
    public required string UserId { get; init; }

    public required string Kind { get; init; }

    public string[] Sites { get; init; } = [];
}

internal sealed class InitialPasswordResponse
{
    public required string InitialPassword { get; init; }
}

internal sealed class CreateSiteRequest
{
    public required string Site { get; init; }

    public required string Name { get; init; }
}

internal sealed class RegisterTerminalRequest
{
    public required string TerminalId { get; init; }

    public string? Serial { get; init; }
}

internal sealed class LaneRegistrationResponse
{
    public required string TerminalId { get; init; }

    public required string Site { get; init; }

    public required string Key { get; init; }

    public int KeyGeneration { get; init; }
}

internal sealed class CreateOperatorRequest
{
    public required string OperatorId { get; init; }

    public required string Role { get; init; }

    public string? DisplayName { get; init; }
}

internal sealed class TemporaryPinResponse
{
    public required string OperatorId { get; init; }

    public required string TemporaryPin { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class OfflineUnlockRequestBody
{
    public required string TerminalId { get; init; }

    public required string OperatorId { get; init; }

    public required string Challenge { get; init; }
}

internal sealed class OfflineUnlockResponseBody
{
    public required string Response { get; init; }
}

internal sealed class ManagementProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int Status { get; init; }

    public string? Code { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public IReadOnlyList<string>? Reasons { get; init; }
}

internal sealed class OkResponse
{
    public bool Ok { get; init; } = true;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    MaxDepth = 8)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(TotpEnrolmentResponse))]
[JsonSerializable(typeof(CodeRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(InitialPasswordResponse))]
[JsonSerializable(typeof(CreateSiteRequest))]
[JsonSerializable(typeof(RegisterTerminalRequest))]
[JsonSerializable(typeof(LaneRegistrationResponse))]
[JsonSerializable(typeof(CreateOperatorRequest))]
[JsonSerializable(typeof(TemporaryPinResponse))]
[JsonSerializable(typeof(OfflineUnlockRequestBody))]
[JsonSerializable(typeof(OfflineUnlockResponseBody))]
[JsonSerializable(typeof(ManagementProblem))]
[JsonSerializable(typeof(OkResponse))]
[JsonSerializable(typeof(IReadOnlyList<BackOfficeUserInfo>))]
[JsonSerializable(typeof(IReadOnlyList<SiteInfo>))]
[JsonSerializable(typeof(IReadOnlyList<TerminalInfo>))]
[JsonSerializable(typeof(IReadOnlyList<OperatorInfo>))]
[JsonSerializable(typeof(IReadOnlyList<BackOfficeAuditEntry>))]
[JsonSerializable(typeof(IReadOnlyList<UnusedAccount>))]
[JsonSerializable(typeof(IReadOnlyList<CurrentLockout>))]
[JsonSerializable(typeof(IReadOnlyList<TerminalStatus>))]
[JsonSerializable(typeof(IReadOnlyList<LaneAuditStatus>))]
[JsonSerializable(typeof(BackOfficeAuditPage))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
