using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.BackOffice.Storage;
using PosAuth.Testing;

namespace PosAuth.BackOffice.Tests.TestSupport;

/// <summary>
/// A real back office on Kestrel, listening on 127.0.0.1 on a free port, over SQLite files in a temporary folder (or
/// PostgreSQL), on a manual clock. Tests talk to it over the loopback network only.
/// </summary>
public sealed class BackOfficeHost : IAsyncDisposable
{
    private readonly string? _directory;

    private BackOfficeHost(WebApplication app, ManualTimeProvider time, string? directory)
    {
        App = app;
        Time = time;
        _directory = directory;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public ManualTimeProvider Time { get; }

    public Uri BaseAddress { get; }

    /// <summary>A plain client (no signing): tests sign by hand with <see cref="LaneRequests"/>.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public IBackOfficeAuthentication Authentication => Services.GetRequiredService<IBackOfficeAuthentication>();

    public IBackOfficeManagement Management => Services.GetRequiredService<IBackOfficeManagement>();

    internal BackOfficeStore Store => Services.GetRequiredService<BackOfficeStore>();

    /// <summary>Hashing fast enough for tests (the production default is 220,000 iterations).</summary>
    public const int TestIterations = 10_000;

    public static Task<BackOfficeHost> StartSqliteAsync(Action<BackOfficeOptions>? configure = null, ManualTimeProvider? time = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "posauth-bo-" + Guid.NewGuid().ToString("N"));
        return StartAsync(b => b.UseSqlite(directory), configure, time, directory);
    }

    public static Task<BackOfficeHost> StartPostgresAsync(string connectionString, string schema, Action<BackOfficeOptions>? configure = null, ManualTimeProvider? time = null) =>
        StartAsync(b => b.UsePostgreSql(connectionString, schema, schema + "_attempts"), configure, time, null);

    private static async Task<BackOfficeHost> StartAsync(Action<IBackOfficeBuilder> store, Action<BackOfficeOptions>? configure, ManualTimeProvider? time, string? directory)
    {
        time ??= new ManualTimeProvider();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(time);
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        store(builder.Services.AddPosAuthBackOffice(o =>
        {
            o.Secret = secret;
            o.Hashing.Iterations = TestIterations;
            o.OfflineUnlockMasterKey = RandomNumberGenerator.GetBytes(32);
            configure?.Invoke(o);
        }));
        WebApplication app = builder.Build();
        app.MapPosAuthBackOffice();
        await app.StartAsync().ConfigureAwait(false);
        return new BackOfficeHost(app, time, directory);
    }

    /// <summary>The first administrator, through the real flow: initial password, forced change, TOTP enrolment, sign-in with a code.</summary>
    public async Task<AdminSession> CreateAdministratorAsync(string userId = "admin")
    {
        string initial = (await Authentication.CreateInitialAdministratorAsync(userId))!;
        BackOfficeSignIn first = (await Authentication.SignInAsync(userId, initial, null)).Value!;
        const string password = "Correct7Horse-Battery";
        Assert.True((await Authentication.ChangePasswordAsync(first.Session, initial, password)).Succeeded);
        TotpEnrolment enrolment = (await Authentication.BeginTotpEnrolmentAsync(first.Session)).Value!;
        byte[] secret = Totp.FromBase32(enrolment.SecretBase32);
        Assert.True((await Authentication.ConfirmTotpAsync(first.Session, Totp.Compute(secret, Totp.StepOf(Time.GetUtcNow())))).Succeeded);
        await Authentication.SignOutAsync(first.Session);
        Time.Advance(TimeSpan.FromSeconds(31));
        BackOfficeResult<BackOfficeSignIn> signIn = await Authentication.SignInAsync(userId, password, Totp.Compute(secret, Totp.StepOf(Time.GetUtcNow())));
        Assert.True(signIn.Succeeded, signIn.Error?.Code);
        return new AdminSession(signIn.Value!.Token, signIn.Value.Session, password, secret);
    }

    /// <summary>A site with registered lanes and one operator, created by <paramref name="admin"/>.</summary>
    public async Task<SiteFixture> CreateSiteAsync(AdminSession admin, string site, int lanes = 1, string operatorId = "1001", OperatorRole role = OperatorRole.Operator)
    {
        Assert.True((await Management.CreateSiteAsync(admin.Session, site, "Store " + site)).Succeeded);
        var registrations = new List<LaneRegistration>();
        for (int i = 1; i <= lanes; i++)
        {
            BackOfficeResult<LaneRegistration> r = await Management.RegisterTerminalAsync(admin.Session, site, site + "L" + i, "SN-" + site + "-" + i);
            Assert.True(r.Succeeded, r.Error?.Code);
            registrations.Add(r.Value!);
        }

        BackOfficeResult<PosAuth.TemporaryPin> op = await Management.CreateOperatorAsync(admin.Session, site, operatorId, role, "Cashier");
        Assert.True(op.Succeeded, op.Error?.Code);
        using PosAuth.TemporaryPin pin = op.Value!;
        return new SiteFixture(site, registrations, operatorId, new string(pin.AsSpan()));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by the pool: the temp folder is cleaned up by the OS.
            }
        }
    }
}

public sealed record AdminSession(string Token, BackOfficeSession Session, string Password, byte[] TotpSecret);

public sealed record SiteFixture(string Site, IReadOnlyList<LaneRegistration> Lanes, string OperatorId, string TemporaryPin);
