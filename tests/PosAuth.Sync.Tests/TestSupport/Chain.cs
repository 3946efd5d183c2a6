using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.BackOffice;
using PosAuth.Storage;
using PosAuth.Testing;

namespace PosAuth.Sync.Tests.TestSupport;

/// <summary>
/// A back office on Kestrel at 127.0.0.1 (SQLite, manual clock) and lanes that talk to it over the loopback network
/// with their own SQLite files and their sync agents (run with <c>RunAsync</c>, no Generic Host). Only public APIs of
/// the back office are used here.
/// </summary>
public sealed class Chain : IAsyncDisposable
{
    public const int Iterations = 10_000;
    public const string AdminPassword = "Correct7Horse-Battery";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "posauth-chain-" + Guid.NewGuid().ToString("N"));
    private readonly List<Lane> _lanes = [];
    private WebApplication? _app;
    private Action<BackOfficeOptions>? _configure;
    private int _dropChargeAnswers;

    /// <summary>Loses the answers of the next <paramref name="count"/> charge requests after the back office handled them.</summary>
    public void DropChargeAnswers(int count) => Interlocked.Exchange(ref _dropChargeAnswers, count);

    private Chain(ManualTimeProvider time) => Time = time;

    public ManualTimeProvider Time { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Lane requests received, by endpoint (the last path segment).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public IBackOfficeAuthentication Authentication => _app!.Services.GetRequiredService<IBackOfficeAuthentication>();

    public IBackOfficeManagement Management => _app!.Services.GetRequiredService<IBackOfficeManagement>();

    public BackOfficeSession Admin { get; private set; } = null!;

    public static async Task<Chain> StartAsync(int siteMaxFailures = 5, Action<BackOfficeOptions>? configure = null)
    {
        var chain = new Chain(new ManualTimeProvider()) { _configure = configure };
        await chain.StartBackOfficeAsync(siteMaxFailures, port: 0);
        chain.Admin = await chain.CreateAdministratorAsync();
        return chain;
    }

    private async Task StartBackOfficeAsync(int siteMaxFailures, int port)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddPosAuthBackOffice(o =>
        {
            o.Secret = Secret;
            o.Hashing.Iterations = Iterations;
            o.SiteLockout.MaxFailures = siteMaxFailures;
            _configure?.Invoke(o);
        }).UseSqlite(_directory);
        WebApplication app = builder.Build();
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            string last = context.Request.Path.Value?.Split('/').LastOrDefault() ?? "";
            Requests.AddOrUpdate(last, 1, (_, n) => n + 1);
            if (last == "charges" && Interlocked.Decrement(ref _dropChargeAnswers) >= 0)
            {
                // The back office runs the request (and commits), then the connection dies before the answer leaves.
                Stream original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                await next(context);
                context.Response.Body = original;
                context.Abort();
                return;
            }

            await next(context);
        });
        app.MapPosAuthBackOffice();
        await app.StartAsync();
        _app = app;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address + "/");
    }

    private byte[] Secret { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>Stops the back office (the lanes see connection refused).</summary>
    public async Task StopBackOfficeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Starts it again on the same port and files.</summary>
    public async Task RestartBackOfficeAsync(int siteMaxFailures = 5) => await StartBackOfficeAsync(siteMaxFailures, BaseAddress.Port);

    public int RequestCount(string endpoint) => Requests.GetValueOrDefault(endpoint);

    private async Task<BackOfficeSession> CreateAdministratorAsync()
    {
        string initial = (await Authentication.CreateInitialAdministratorAsync("admin"))!;
        BackOfficeSignIn first = (await Authentication.SignInAsync("admin", initial, null)).Value!;
        Assert.True((await Authentication.ChangePasswordAsync(first.Session, initial, AdminPassword)).Succeeded);
        TotpEnrolment enrolment = (await Authentication.BeginTotpEnrolmentAsync(first.Session)).Value!;
        byte[] secret = Totp.FromBase32(enrolment.SecretBase32);
        Assert.True((await Authentication.ConfirmTotpAsync(first.Session, Totp.Compute(secret, Totp.StepOf(Time.GetUtcNow())))).Succeeded);
        return first.Session;
    }

    /// <summary>A site with <paramref name="lanes"/> registered lanes and one operator; returns the operator's temporary PIN.</summary>
    public async Task<(IReadOnlyList<LaneRegistration> Lanes, string TemporaryPin)> CreateSiteAsync(string site, int lanes, string operatorId = "1001")
    {
        Assert.True((await Management.CreateSiteAsync(Admin, site, "Store " + site)).Succeeded);
        var list = new List<LaneRegistration>();
        for (int i = 1; i <= lanes; i++)
        {
            list.Add((await Management.RegisterTerminalAsync(Admin, site, site + "L" + i, null)).Value!);
        }

        BackOfficeResult<TemporaryPin> op = await Management.CreateOperatorAsync(Admin, site, operatorId, OperatorRole.Operator, null);
        Assert.True(op.Succeeded, op.Error?.Code);
        using TemporaryPin pin = op.Value!;
        return (list, new string(pin.AsSpan()));
    }

    public async Task<string> ResetAsync(string site, string operatorId)
    {
        BackOfficeResult<TemporaryPin> r = await Management.ResetOperatorPinAsync(Admin, site, operatorId);
        Assert.True(r.Succeeded, r.Error?.Code);
        using TemporaryPin pin = r.Value!;
        return new string(pin.AsSpan());
    }

    public Lane AddLane(LaneRegistration registration, TimeProvider? laneTime = null)
    {
        var lane = new Lane(this, registration, Path.Combine(_directory, registration.TerminalId + ".db"), laneTime ?? Time);
        _lanes.Add(lane);
        return lane;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Lane lane in _lanes)
        {
            await lane.DisposeAsync();
        }

        if (_app is not null)
        {
            await StopBackOfficeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}

/// <summary>One lane: PosAuth over its own SQLite file, connected with <c>UseBackOffice</c>.</summary>
public sealed class Lane : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private CancellationTokenSource? _stop;
    private Task? _running;

    internal Lane(Chain chain, LaneRegistration registration, string path, TimeProvider time)
    {
        TerminalId = registration.TerminalId;
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddPosAuth(o => o.Hashing.Iterations = Chain.Iterations)
            .WithoutHostSignOn()
            .UseSqlite(path)
            .UseBackOffice(chain.BaseAddress, new LaneCredentials(registration.TerminalId, registration.Site, registration.Key));
        _services = services.BuildServiceProvider();
    }

    public string TerminalId { get; }

    public IServiceProvider Services => _services;

    public IBackOfficeSyncAgent Agent => _services.GetRequiredService<IBackOfficeSyncAgent>();

    public IOperatorAuthenticator Authenticator => _services.GetRequiredService<IOperatorAuthenticator>();

    public IPinRecoveryService Recovery => _services.GetRequiredService<IPinRecoveryService>();

    public IOperatorStore Operators => _services.GetRequiredService<IOperatorStore>();

    public async Task<AuthenticationOutcome> SignInAsync(string operatorId, string pin) =>
        (await Authenticator.AuthenticateAsync(TerminalId, operatorId, pin.AsMemory())).Outcome;

    /// <summary>Runs the agent the way an app without the Generic Host does.</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        _running = Agent.RunAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _running!;
            _stop.Dispose();
            _stop = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
