using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PosAuth.BackOffice.Management;

/// <summary>The management API's console reads (lockouts now, lane activity, filtered audit, lane audit continuity) and the user resets.</summary>
internal sealed partial class ManagementApi
{
    /// <summary>Maps this file's endpoints on the <c>/api</c> group.</summary>
    internal static void MapConsoleEndpoints(RouteGroupBuilder api)
    {
        api.MapGet("/lockouts", (HttpContext c, ManagementApi m) => m.LockoutsAsync(c));
        api.MapGet("/sites/{site}/terminals/status", (HttpContext c, string site, ManagementApi m) => m.TerminalStatusAsync(c, site));
        api.MapGet("/sites/{site}/lane-audit", (HttpContext c, string site, ManagementApi m) => m.LaneAuditStatusAsync(c, site));
        api.MapGet("/audit/query", (HttpContext c, ManagementApi m) => m.QueryAuditAsync(c));
        api.MapPost("/users/{userId}/reset-password", (HttpContext c, string userId, ManagementApi m) => m.ResetUserPasswordAsync(c, userId));
        api.MapPost("/users/{userId}/reset-second-factor", (HttpContext c, string userId, ManagementApi m) => m.ResetUserSecondFactorAsync(c, userId));
    }

    public Task<IResult> LockoutsAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListLockoutsAsync(s, One(context, "site"), ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListCurrentLockout));

    public Task<IResult> TerminalStatusAsync(HttpContext context, string site) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListTerminalStatusAsync(s, site, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListTerminalStatus));

    public Task<IResult> LaneAuditStatusAsync(HttpContext context, string site) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ListLaneAuditStatusAsync(s, site, ct).ConfigureAwait(false), ManagementJsonContext.Default.IReadOnlyListLaneAuditStatus));

    /// <summary><c>GET /api/audit/query?site=&amp;lane=&amp;operator=&amp;actor=&amp;event=&amp;from=&amp;to=&amp;before=&amp;limit=</c> (instants ISO 8601); a malformed value is 400.</summary>
    public Task<IResult> QueryAuditAsync(HttpContext context) => WithSessionAsync(context, async (s, ct) =>
    {
        if (!TryReadAuditQuery(context.Request.Query, out BackOfficeAuditQuery query))
        {
            return Problem(new BackOfficeError(BackOfficeErrorCodes.InvalidRequest, "A filter is malformed: event is an event name, from/to ISO 8601 instants, before and limit positive integers."));
        }

        return From(await management.QueryAuditAsync(s, query, ct).ConfigureAwait(false), ManagementJsonContext.Default.BackOfficeAuditPage);
    });

    public Task<IResult> ResetUserPasswordAsync(HttpContext context, string userId) => WithSessionAsync(context, async (s, ct) =>
    {
        BackOfficeResult<string> result = await management.ResetUserPasswordAsync(s, userId, ct).ConfigureAwait(false);
        return result.Succeeded ? Json(new InitialPasswordResponse { InitialPassword = result.Value! }, ManagementJsonContext.Default.InitialPasswordResponse) : Problem(result.Error!);
    });

    public Task<IResult> ResetUserSecondFactorAsync(HttpContext context, string userId) => WithSessionAsync(context, async (s, ct) =>
        From(await management.ResetUserSecondFactorAsync(s, userId, ct).ConfigureAwait(false)));

    /// <summary>Reads the audit filters of a query string; every parameter at most once, every value well formed.</summary>
    internal static bool TryReadAuditQuery(IQueryCollection q, out BackOfficeAuditQuery query)
    {
        query = new BackOfficeAuditQuery();
        foreach (var pair in q)
        {
            if (pair.Value.Count != 1 || pair.Value[0] is not { Length: > 0 and <= 80 } value)
            {
                return false;
            }

            switch (pair.Key)
            {
                case "site": query = query with { Site = value }; break;
                case "lane": query = query with { TerminalId = value }; break;
                case "operator": query = query with { OperatorId = value }; break;
                case "actor": query = query with { Actor = value }; break;
                case "event":
                    if (!Enum.TryParse(value, ignoreCase: false, out BackOfficeAuditEventType type) || !Enum.IsDefined(type) || char.IsDigit(value[0]))
                    {
                        return false;
                    }

                    query = query with { Type = type };
                    break;
                case "from" or "to":
                    if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                    {
                        return false;
                    }

                    query = pair.Key == "from" ? query with { From = at } : query with { To = at };
                    break;
                case "before" or "limit":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1)
                    {
                        return false;
                    }

                    query = pair.Key == "before" ? query with { BeforeSequence = n } : query with { MaxCount = (int)Math.Min(n, 1000) };
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static string? One(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var v) && v.Count == 1 && v[0] is { Length: > 0 } s ? s : null;
}
