using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PosAuth;
using PosAuth.BackOffice.Lanes;
using PosAuth.BackOffice.Management;
using PosAuth.Sync.Protocol;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the back office's endpoints: <c>app.MapPosAuthBackOffice()</c>.</summary>
public static class BackOfficeEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the lane API under <c>/lane/v1</c> (signed requests only) and the management API under <c>/api</c> (bearer
    /// sessions). Deploy behind TLS (see the package README). A database fault answers 503
    /// <c>back_office_store_unavailable</c>, and lanes fail closed.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The group builder of both APIs (for extra conventions, such as rate limiting).</returns>
    public static RouteGroupBuilder MapPosAuthBackOffice(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder root = endpoints.MapGroup("");
        root.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                return ManagementApi.Problem(503, LaneErrorCodes.StoreUnavailable, "The back office cannot reach its database; try again shortly.");
            }
        });

        RouteGroupBuilder lane = root.MapGroup(LaneProtocol.PathPrefix);
        lane.MapGet("/sites/{site}/directory", (HttpContext c, string site, LaneApi api) => api.DirectoryAsync(c, site));
        lane.MapPost("/sites/{site}/charges", (HttpContext c, string site, LaneApi api) => api.ChargeAsync(c, site));
        lane.MapPost("/sites/{site}/refunds", (HttpContext c, string site, LaneApi api) => api.RefundAsync(c, site));
        lane.MapPost("/sites/{site}/pin-changes", (HttpContext c, string site, LaneApi api) => api.PinChangeAsync(c, site));
        lane.MapPost("/sites/{site}/audit", (HttpContext c, string site, LaneApi api) => api.AuditAsync(c, site));
        lane.MapPost("/sites/{site}/leases/report", (HttpContext c, string site, LaneApi api) => api.LeaseReportAsync(c, site));

        RouteGroupBuilder api = root.MapGroup("/api");
        api.MapPost("/session", (HttpContext c, ManagementApi m) => m.SignInAsync(c));
        api.MapGet("/session", (HttpContext c, ManagementApi m) => m.SessionAsync(c));
        api.MapDelete("/session", (HttpContext c, ManagementApi m) => m.SignOutAsync(c));
        api.MapPost("/session/password", (HttpContext c, ManagementApi m) => m.ChangePasswordAsync(c));
        api.MapPost("/session/totp", (HttpContext c, ManagementApi m) => m.BeginTotpAsync(c));
        api.MapPost("/session/totp/confirm", (HttpContext c, ManagementApi m) => m.ConfirmTotpAsync(c));
        api.MapGet("/users", (HttpContext c, ManagementApi m) => m.ListUsersAsync(c));
        api.MapPost("/users", (HttpContext c, ManagementApi m) => m.CreateUserAsync(c));
        api.MapPost("/users/{userId}/disable", (HttpContext c, string userId, ManagementApi m) => m.SetUserDisabledAsync(c, userId, true));
        api.MapPost("/users/{userId}/enable", (HttpContext c, string userId, ManagementApi m) => m.SetUserDisabledAsync(c, userId, false));
        api.MapGet("/sites", (HttpContext c, ManagementApi m) => m.ListSitesAsync(c));
        api.MapPost("/sites", (HttpContext c, ManagementApi m) => m.CreateSiteAsync(c));
        api.MapGet("/sites/{site}/terminals", (HttpContext c, string site, ManagementApi m) => m.ListTerminalsAsync(c, site));
        api.MapPost("/sites/{site}/terminals", (HttpContext c, string site, ManagementApi m) => m.RegisterTerminalAsync(c, site));
        api.MapPost("/terminals/{terminalId}/disable", (HttpContext c, string terminalId, ManagementApi m) => m.SetTerminalDisabledAsync(c, terminalId, true));
        api.MapPost("/terminals/{terminalId}/enable", (HttpContext c, string terminalId, ManagementApi m) => m.SetTerminalDisabledAsync(c, terminalId, false));
        api.MapGet("/sites/{site}/operators", (HttpContext c, string site, ManagementApi m) => m.ListOperatorsAsync(c, site));
        api.MapPost("/sites/{site}/operators", (HttpContext c, string site, ManagementApi m) => m.CreateOperatorAsync(c, site));
        api.MapPost("/sites/{site}/operators/{operatorId}/reset", (HttpContext c, string site, string operatorId, ManagementApi m) => m.ResetOperatorAsync(c, site, operatorId));
        api.MapPost("/sites/{site}/operators/{operatorId}/unlock", (HttpContext c, string site, string operatorId, ManagementApi m) => m.UnlockOperatorAsync(c, site, operatorId));
        api.MapPost("/sites/{site}/operators/{operatorId}/disable", (HttpContext c, string site, string operatorId, ManagementApi m) => m.SetOperatorDisabledAsync(c, site, operatorId, true));
        api.MapPost("/sites/{site}/operators/{operatorId}/enable", (HttpContext c, string site, string operatorId, ManagementApi m) => m.SetOperatorDisabledAsync(c, site, operatorId, false));
        api.MapPost("/sites/{site}/offline-unlock", (HttpContext c, string site, ManagementApi m) => m.OfflineUnlockAsync(c, site));
        api.MapGet("/audit", (HttpContext c, ManagementApi m) => m.AuditAsync(c));
        api.MapGet("/review/unused", (HttpContext c, ManagementApi m) => m.UnusedAsync(c));
        ManagementApi.MapConsoleEndpoints(api);
        return root;
    }
}
