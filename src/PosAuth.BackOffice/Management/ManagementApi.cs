using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PosAuth.BackOffice.Management;

/// <summary>
/// The management API's handlers: a bearer session (<c>Authorization: Bearer &lt;token&gt;</c>) on every call but the
/// sign-in, bounded JSON bodies, and answers mapped from the services' results (problem+json with the stable code).
/// Authorisation is not decided here: every call goes to <see cref="IBackOfficeManagement"/>, which checks the
/// permission table against the database.
/// </summary>
internal sealed partial class ManagementApi(IBackOfficeAuthentication auth, IBackOfficeManagement management, IOptions<BackOfficeOptions> options)
{
    private readonly int _maxBody = options.Value.MaxManagementRequestBytes;

    public async Task<IResult> SignInAsync(HttpContext context)
    {
        (SignInRequest? request, IResult? bad) = await ReadAsync(context, ManagementJsonContext.Default.SignInRequest).ConfigureAwait(false);
        if (request is null)
        {
            return bad!;
        }

        BackOfficeResult<BackOfficeSignIn> result = await auth.SignInAsync(request.UserId, request.Password, request.TotpCode, context.RequestAborted).ConfigureAwait(false);
        return result.Succeeded ? Json(Session(result.Value!.Session, result.Value.Token), ManagementJsonContext.Default.SessionResponse) : Problem(result.Error!);
    }

    public Task<IResult> SessionAsync(HttpContext context) =>
        WithSessionAsync(context, (s, _) => Task.FromResult(Json(Session(s, null), ManagementJsonContext.Default.SessionResponse)), allowPending: true);

    public Task<IResult> SignOutAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
    {
        await auth.SignOutAsync(s, ct).ConfigureAwait(false);
        return Ok();
    }, allowPending: true);

    public Task<IResult> ChangePasswordAsync(HttpContext context) => WithBodyAsync(context, ManagementJsonContext.Default.ChangePasswordRequest, async (s, r, ct) =>
        From(await auth.ChangePasswordAsync(s, r.CurrentPassword, r.NewPassword, ct).ConfigureAwait(false)), allowPending: true);

    public Task<IResult> BeginTotpAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
    {
        BackOfficeResult<TotpEnrolment> r = await auth.BeginTotpEnrolmentAsync(s, ct).ConfigureAwait(false);
        return r.Succeeded ? Json(new TotpEnrolmentResponse { Secret = r.Value!.SecretBase32, OtpAuthUri = r.Value.OtpAuthUri }, ManagementJsonContext.Default.TotpEnrolmentResponse) : Problem(r.Error!);
    }, allowPending: true);

    public Task<IResult> ConfirmTotpAsync(HttpContext context) => WithBodyAsync(context, ManagementJsonContext.Default.CodeRequest, async (s, r, ct) =>
        From(await auth.ConfirmTotpAsync(s, r.Code, ct).ConfigureAwait(false)), allowPending: true);

    public Task<IResult> ListUsersAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListUsersAsync(s, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListBackOfficeUserInfo));

    public Task<IResult> CreateUserAsync(HttpContext context) => WithBodyAsync(context, ManagementJsonContext.Default.CreateUserRequest, async (s, r, ct) =>
    {
        if (!Enum.TryParse(r.Kind, ignoreCase: false, out BackOfficeUserKind kind) || !Enum.IsDefined(kind) || int.TryParse(r.Kind, out _))
        {
            return Problem(new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, "kind is HeadOfficeAdministrator or StoreManager."));
        }

        BackOfficeResult<string> result = await management.CreateUserAsync(s, r.UserId, kind, r.Sites, ct).ConfigureAwait(false);
        return result.Succeeded ? Json(new InitialPasswordResponse { InitialPassword = result.Value! }, ManagementJsonContext.Default.InitialPasswordResponse, 201) : Problem(result.Error!);
    });

    public Task<IResult> SetUserDisabledAsync(HttpContext context, string userId, bool disabled) => WithSessionAsync(context, async (s, ct) =>
        From(await management.SetUserDisabledAsync(s, userId, disabled, ct).ConfigureAwait(false)));

    public Task<IResult> ListSitesAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListSitesAsync(s, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListSiteInfo));

    public Task<IResult> CreateSiteAsync(HttpContext context) => WithBodyAsync(context, ManagementJsonContext.Default.CreateSiteRequest, async (s, r, ct) =>
        From(await management.CreateSiteAsync(s, r.Site, r.Name, ct).ConfigureAwait(false), 201));

    public Task<IResult> ListTerminalsAsync(HttpContext context, string site) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListTerminalsAsync(s, site, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListTerminalInfo));

    public Task<IResult> RegisterTerminalAsync(HttpContext context, string site) => WithBodyAsync(context, ManagementJsonContext.Default.RegisterTerminalRequest, async (s, r, ct) =>
    {
        BackOfficeResult<LaneRegistration> result = await management.RegisterTerminalAsync(s, site, r.TerminalId, r.Serial, ct).ConfigureAwait(false);
        return result.Succeeded
            ? Json(new LaneRegistrationResponse { TerminalId = result.Value!.TerminalId, Site = result.Value.Site, Key = Convert.ToBase64String(result.Value.Key), KeyGeneration = result.Value.KeyGeneration }, ManagementJsonContext.Default.LaneRegistrationResponse, 201)
            : Problem(result.Error!);
    });

    public Task<IResult> SetTerminalDisabledAsync(HttpContext context, string terminalId, bool disabled) => WithSessionAsync(context, async (s, ct) =>
        From(await management.SetTerminalDisabledAsync(s, terminalId, disabled, ct).ConfigureAwait(false)));

    public Task<IResult> ListOperatorsAsync(HttpContext context, string site) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListOperatorsAsync(s, site, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListOperatorInfo));

    public Task<IResult> CreateOperatorAsync(HttpContext context, string site) => WithBodyAsync(context, ManagementJsonContext.Default.CreateOperatorRequest, async (s, r, ct) =>
    {
        if (!Enum.TryParse(r.Role, ignoreCase: false, out OperatorRole role) || !Enum.IsDefined(role) || int.TryParse(r.Role, out _))
        {
            return Problem(new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, "role is Administrator, Supervisor or Operator."));
        }

        return Pin(await management.CreateOperatorAsync(s, site, r.OperatorId, role, r.DisplayName, ct).ConfigureAwait(false), 201);
    });

    public Task<IResult> ResetOperatorAsync(HttpContext context, string site, string operatorId) => WithSessionAsync(context, async (s, ct) =>
        Pin(await management.ResetOperatorPinAsync(s, site, operatorId, ct).ConfigureAwait(false), 200));

    public Task<IResult> UnlockOperatorAsync(HttpContext context, string site, string operatorId) => WithSessionAsync(context, async (s, ct) =>
        From(await management.UnlockOperatorAsync(s, site, operatorId, ct).ConfigureAwait(false)));

    public Task<IResult> SetOperatorDisabledAsync(HttpContext context, string site, string operatorId, bool disabled) => WithSessionAsync(context, async (s, ct) =>
        From(await management.SetOperatorDisabledAsync(s, site, operatorId, disabled, ct).ConfigureAwait(false)));

    public Task<IResult> OfflineUnlockAsync(HttpContext context, string site) => WithBodyAsync(context, ManagementJsonContext.Default.OfflineUnlockRequestBody, async (s, r, ct) =>
    {
        BackOfficeResult<string> result = await management.ComputeOfflineUnlockResponseAsync(s, site, r.TerminalId, r.OperatorId, r.Challenge, ct).ConfigureAwait(false);
        return result.Succeeded ? Json(new OfflineUnlockResponseBody { Response = result.Value! }, ManagementJsonContext.Default.OfflineUnlockResponseBody) : Problem(result.Error!);
    });

    public Task<IResult> AuditAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
    {
        IQueryCollection q = context.Request.Query;
        string? site = q.TryGetValue("site", out var sv) && sv.Count == 1 ? sv[0] : null;
        long after = q.TryGetValue("after", out var av) && long.TryParse(av[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long a) ? a : 0;
        int limit = q.TryGetValue("limit", out var lv) && int.TryParse(lv[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int l) ? l : 100;
        return From(await management.ReadAuditAsync(s, site, after, limit, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListBackOfficeAuditEntry);
    });

    public Task<IResult> UnusedAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListUnusedAccountsAsync(s, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListUnusedAccount));

    // ---- plumbing ----

    private async Task<IResult> WithSessionAsync(HttpContext context, Func<BackOfficeSession, CancellationToken, Task<IResult>> body, bool allowPending = false)
    {
        string? header = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null;
        string? token = header is { Length: > 7 and < 200 } && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        BackOfficeSession? session = token is null ? null : await auth.GetSessionAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (session is null)
        {
            return Problem(new BackOfficeError(BackOfficeErrorCodes.Unauthenticated, BackOfficeErrorCodes.Describe(BackOfficeErrorCodes.Unauthenticated)));
        }

        _ = allowPending; // the services themselves refuse what a pending session may not do
        return await body(session, context.RequestAborted).ConfigureAwait(false);
    }

    private Task<IResult> WithBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, Func<BackOfficeSession, T, CancellationToken, Task<IResult>> body, bool allowPending = false)
        where T : class =>
        WithSessionAsync(context, async (s, ct) =>
        {
            (T? request, IResult? bad) = await ReadAsync(context, type).ConfigureAwait(false);
            return request is null ? bad! : await body(s, request, ct).ConfigureAwait(false);
        }, allowPending);

    private async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.ContentLength > _maxBody)
        {
            return (null, Problem(413, "body_too_large", "The request body is too large."));
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxBody)
            {
                return (null, Problem(413, "body_too_large", "The request body is too large."));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            T? value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null ? (null, Problem(400, "malformed_json", "The body is not valid JSON for this request.")) : (value, null);
        }
        catch (JsonException)
        {
            return (null, Problem(400, "malformed_json", "The body is not valid JSON for this request."));
        }
    }

    private static SessionResponse Session(BackOfficeSession s, string? token) => new()
    {
        Token = token,
        UserId = s.UserId,
        Kind = s.Kind.ToString(),
        Sites = [.. s.Sites],
        MustChangePassword = s.MustChangePassword,
        SecondFactorPending = s.SecondFactorPending,
    };

    private static IResult Pin(BackOfficeResult<TemporaryPin> result, int status)
    {
        if (!result.Succeeded)
        {
            return Problem(result.Error!);
        }

        using TemporaryPin pin = result.Value!;
        return Json(new TemporaryPinResponse { OperatorId = pin.OperatorId, TemporaryPin = new string(pin.AsSpan()), ExpiresAt = pin.ExpiresAt }, ManagementJsonContext.Default.TemporaryPinResponse, status);
    }

    private static IResult From(BackOfficeResult result, int status = 200) => result.Succeeded ? Json(new OkResponse(), ManagementJsonContext.Default.OkResponse, status) : Problem(result.Error!);

    private static IResult From<T>(BackOfficeResult<T> result, JsonTypeInfo<T> type) => result.Succeeded ? Json(result.Value!, type) : Problem(result.Error!);

    private static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = 200) =>
        new BytesResult(JsonSerializer.SerializeToUtf8Bytes(value, type), "application/json", status);

    internal static int StatusOf(string code) => code switch
    {
        BackOfficeErrorCodes.InvalidCredentials or BackOfficeErrorCodes.SecondFactorInvalid or BackOfficeErrorCodes.Unauthenticated => 401,
        BackOfficeErrorCodes.LockedOut => 423,
        BackOfficeErrorCodes.AccountDisabled or BackOfficeErrorCodes.PasswordChangeRequired or BackOfficeErrorCodes.SecondFactorEnrolmentRequired or BackOfficeErrorCodes.Forbidden => 403,
        BackOfficeErrorCodes.PasswordRejected => 422,
        BackOfficeErrorCodes.NotFound => 404,
        BackOfficeErrorCodes.AlreadyExists or BackOfficeErrorCodes.OfflineUnlockUnavailable => 409,
        BackOfficeErrorCodes.StoreUnavailable => 503,
        _ => 400,
    };

    private static IResult Problem(BackOfficeError error) => Problem(StatusOf(error.Code), error.Code, error.Description, error.LockedUntil, error.Reasons);

    internal static IResult Problem(int status, string code, string title, DateTimeOffset? lockedUntil = null, IReadOnlyList<string>? reasons = null) =>
        new BytesResult(
            JsonSerializer.SerializeToUtf8Bytes(new ManagementProblem { Type = "https://posauth.dev/problems/" + code, Title = title, Status = status, Code = code, LockedUntil = lockedUntil, Reasons = reasons is { Count: > 0 } ? reasons : null }, ManagementJsonContext.Default.ManagementProblem),
            "application/problem+json",
            status);

    private static IResult Ok() => Json(new OkResponse(), ManagementJsonContext.Default.OkResponse);

    private sealed class BytesResult(byte[] body, string contentType, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
