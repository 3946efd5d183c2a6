using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace PosAuth.BackOffice.Console;

/// <summary>How to run the console: where the data lives, the secrets, the clock, the port.</summary>
internal sealed class ConsoleSettings
{
    /// <summary>SQLite folder (the default store); ignored when <see cref="PostgresConnectionString"/> is set.</summary>
    public string? SqliteDirectory { get; init; }

    /// <summary>An Npgsql connection string (its password from PGPASSFILE or the environment, not from here).</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The PostgreSQL schema of the back office's tables. Default: <c>posauth_backoffice</c>.</summary>
    public string PostgresSchema { get; init; } = "posauth_backoffice";

    /// <summary>The PostgreSQL schema of the sites' guess budgets (shared with lanes on PostgreSQL). Default: <c>posauth</c>.</summary>
    public string PostgresAttemptSchema { get; init; } = "posauth";

    /// <summary>The back office's 32-byte secret.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>The vendor master key the lanes' offline-unlock keys derive from (by serial number).</summary>
    public byte[]? OfflineUnlockMasterKey { get; init; }

    /// <summary>The clock (tests pass a manual one).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The port on 127.0.0.1 (0: a free one).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>More back-office options (tests lower the hashing cost).</summary>
    public Action<BackOfficeOptions>? Configure { get; init; }

    /// <summary>Whether to log requests to the console.</summary>
    public bool Logging { get; init; }
}

/// <summary>Builds and starts the back office with its web console (pages) and its lane and management APIs.</summary>
internal static class ConsoleApp
{
    /// <summary>The session cookie: the back office's bearer token, HttpOnly, SameSite=Strict, Secure over HTTPS.</summary>
    public const string SessionCookie = "posauth_session";

    /// <summary>The anti-forgery cookie (its token pairs with the hidden field of every form).</summary>
    public const string AntiforgeryCookie = "posauth_af";

    /// <summary>The anti-forgery form field.</summary>
    public const string AntiforgeryField = "__af";

    /// <summary>The language cookie (en or zh-CN).</summary>
    public const string LanguageCookie = "posauth_lang";

    /// <summary>
    /// The Content-Security-Policy of every response: scripts and styles from this origin only (no inline script, no
    /// eval), forms post to this origin only, the page cannot be framed.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static async Task<WebApplication> StartAsync(ConsoleSettings settings, CancellationToken cancellationToken = default)
    {
        string root = AppContext.BaseDirectory;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        if (!settings.Logging)
        {
            builder.Logging.ClearProviders();
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, settings.Port));
        if (settings.Time is not null)
        {
            builder.Services.AddSingleton(settings.Time);
        }

        IBackOfficeBuilder backOffice = builder.Services.AddPosAuthBackOffice(o =>
        {
            o.Secret = settings.Secret;
            o.OfflineUnlockMasterKey = settings.OfflineUnlockMasterKey;
            settings.Configure?.Invoke(o);
        });
        if (settings.PostgresConnectionString is { } cs)
        {
            backOffice.UsePostgreSql(cs, settings.PostgresSchema, settings.PostgresAttemptSchema);
        }
        else
        {
            backOffice.UseSqlite(settings.SqliteDirectory ?? throw new InvalidOperationException("No SQLite folder and no PostgreSQL connection string."));
        }

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = AntiforgeryField;
            o.HeaderName = null;
            o.SuppressXFrameOptionsHeader = false;
        });
        builder.Services.AddSingleton<Pages>();

        WebApplication app = builder.Build();
        app.Use(SecurityHeaders);
        app.Use(RequireAntiforgeryOnFormPosts);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(root, "wwwroot")),
            RequestPath = "/static",
        });
        app.MapPosAuthBackOffice();
        Pages.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>The address Kestrel listens on (http://127.0.0.1:port).</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            IHeaderDictionary h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments("/static"))
            {
                // Pages may show a secret once (a temporary PIN, a lane key): never kept by a cache or the back button.
                h.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next();
    }

    /// <summary>
    /// Every POST to the console (everything but the lane API, which lanes sign, and the bearer-token management API,
    /// which no browser cookie authorises) must carry a valid anti-forgery token, checked here before any handler runs:
    /// a forged or token-less POST is refused with 400 and changes nothing.
    /// </summary>
    private static async Task RequireAntiforgeryOnFormPosts(HttpContext context, Func<Task> next)
    {
        PathString path = context.Request.Path;
        bool api = path.StartsWithSegments("/lane") || path.StartsWithSegments("/api");
        if (!api && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            IAntiforgery antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                Pages pages = context.RequestServices.GetRequiredService<Pages>();
                IResult refused = await pages.AntiforgeryRefusedAsync(context).ConfigureAwait(false);
                await refused.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next().ConfigureAwait(false);
    }
}
