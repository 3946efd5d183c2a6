using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.BackOffice;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;
using PosAuth.Testing;

namespace PosAuth.Sync.Tests.Fleet;

/// <summary>
/// A back office on Kestrel at 127.0.0.1 (SQLite in a temp folder, the kit's manual clock) whose lanes may talk to it
/// through a <see cref="FaultProxy"/>, and read-only views of what the back office stored (the central failure counts in
/// its attempt store, the lane audit rows it holds), to check counts against the lanes' own.
/// </summary>
public sealed class FleetHarness : IAsyncDisposable
{
    public const int Iterations = 10_000;
    public const string AdminPassword = "Correct7Horse-Battery";

    private readonly List<FleetLane> _lanes = [];
    private WebApplication _app = null!;

    private FleetHarness(ManualTimeProvider time) => Time = time;

    public ManualTimeProvider Time { get; }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "posauth-fleet-" + Guid.NewGuid().ToString("N"));

    public Uri BaseAddress { get; private set; } = null!;

    public IBackOfficeManagement Management => _app.Services.GetRequiredService<IBackOfficeManagement>();

    public BackOfficeSession Admin { get; private set; } = null!;

    public static async Task<FleetHarness> StartAsync(int siteMaxFailures, Action<BackOfficeOptions>? configure = null)
    {
        var fleet = new FleetHarness(new ManualTimeProvider());
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(fleet.Time);
        builder.Services.AddPosAuthBackOffice(o =>
        {
            o.Secret = RandomNumberGenerator.GetBytes(32);
            o.Hashing.Iterations = Iterations;
            o.SiteLockout.MaxFailures = siteMaxFailures;
            configure?.Invoke(o);
        }).UseSqlite(fleet.Directory);
        fleet._app = builder.Build();
        fleet._app.MapPosAuthBackOffice();
        await fleet._app.StartAsync();
        fleet.BaseAddress = new Uri(fleet._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        fleet.Admin = await fleet.CreateAdministratorAsync();
        return fleet;
    }

    private async Task<BackOfficeSession> CreateAdministratorAsync()
    {
        IBackOfficeAuthentication auth = _app.Services.GetRequiredService<IBackOfficeAuthentication>();
        string initial = (await auth.CreateInitialAdministratorAsync("admin"))!;
        BackOfficeSignIn first = (await auth.SignInAsync("admin", initial, null)).Value!;
        Assert.True((await auth.ChangePasswordAsync(first.Session, initial, AdminPassword)).Succeeded);
        TotpEnrolment enrolment = (await auth.BeginTotpEnrolmentAsync(first.Session)).Value!;
        Assert.True((await auth.ConfirmTotpAsync(first.Session, Totp.Compute(Totp.FromBase32(enrolment.SecretBase32), Totp.StepOf(Time.GetUtcNow())))).Succeeded);
        return first.Session;
    }

    public async Task<IReadOnlyList<LaneRegistration>> CreateSiteAsync(string site, int lanes)
    {
        Assert.True((await Management.CreateSiteAsync(Admin, site, "Store " + site)).Succeeded);
        var list = new List<LaneRegistration>();
        for (int i = 1; i <= lanes; i++)
        {
            list.Add((await Management.RegisterTerminalAsync(Admin, site, site + "L" + i, null)).Value!);
        }

        return list;
    }

    /// <summary>Creates an operator; returns the temporary PIN issued.</summary>
    public async Task<string> CreateOperatorAsync(string site, string operatorId)
    {
        BackOfficeResult<TemporaryPin> op = await Management.CreateOperatorAsync(Admin, site, operatorId, OperatorRole.Operator, null);
        Assert.True(op.Succeeded, op.Error?.Code);
        using TemporaryPin pin = op.Value!;
        return new string(pin.AsSpan());
    }

    public async Task<string> ResetAsync(string site, string operatorId)
    {
        BackOfficeResult<TemporaryPin> r = await Management.ResetOperatorPinAsync(Admin, site, operatorId);
        Assert.True(r.Succeeded, r.Error?.Code);
        using TemporaryPin pin = r.Value!;
        return new string(pin.AsSpan());
    }

    public async Task<OperatorInfo> OperatorAsync(string site, string operatorId) =>
        (await Management.ListOperatorsAsync(Admin, site)).Value!.Single(o => o.OperatorId == operatorId);

    /// <summary>The failures the back office holds against the operator's site-wide budget, read from its attempt store.</summary>
    public async Task<int> CentralFailuresAsync(string site, string operatorId)
    {
        using var store = new SqliteAttemptStore(new SqliteStoreOptions { DatabasePath = Path.Combine(Directory, "lockout.db") });
        AttemptRecord? record = await store.GetAsync(new AttemptKey(site + "/" + AttemptKey.SiteTerminalId, operatorId), CancellationToken.None);
        return record?.FailureCount ?? 0;
    }

    /// <summary>The lane audit rows the back office holds for a terminal: (rows, distinct sequences).</summary>
    public (long Rows, long Distinct) LaneAuditRows(string terminalId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Directory, "backoffice.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT sequence) FROM bo_lane_audit WHERE terminal_id = $t";
        command.Parameters.AddWithValue("$t", terminalId);
        using SqliteDataReader r = command.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>A lane with its own SQLite file that talks to <paramref name="backOffice"/> (the back office itself, or a proxy in front of it).</summary>
    public FleetLane AddLane(LaneRegistration registration, Uri backOffice)
    {
        var lane = new FleetLane(registration, Path.Combine(Directory, registration.TerminalId + ".db"), backOffice, Time);
        _lanes.Add(lane);
        return lane;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (FleetLane lane in _lanes)
        {
            await lane.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}

/// <summary>One lane: PosAuth over its own SQLite file, connected with <c>UseBackOffice</c>.</summary>
public sealed class FleetLane : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private CancellationTokenSource? _stop;
    private Task? _running;

    internal FleetLane(LaneRegistration registration, string path, Uri backOffice, TimeProvider time)
    {
        TerminalId = registration.TerminalId;
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddPosAuth(o => o.Hashing.Iterations = FleetHarness.Iterations)
            .WithoutHostSignOn()
            .UseSqlite(path)
            // No attempt leases here: these tests count the online path exactly at the back office (a lease would hold
            // some of an operator's attempts on the lane until its next report; leases have their own tests, LeaseTests
            // and the partition test).
            .UseBackOffice(backOffice, new LaneCredentials(registration.TerminalId, registration.Site, registration.Key), o => o.LeaseSize = 0);
        _services = services.BuildServiceProvider();
    }

    public string TerminalId { get; }

    public IServiceProvider Services => _services;

    public IBackOfficeSyncAgent Agent => _services.GetRequiredService<IBackOfficeSyncAgent>();

    public IPinRecoveryService Recovery => _services.GetRequiredService<IPinRecoveryService>();

    public async Task<AuthenticationOutcome> SignInAsync(string operatorId, string pin) =>
        (await _services.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync(TerminalId, operatorId, pin.AsMemory())).Outcome;

    /// <summary>Runs the agent the way an app without the Generic Host does.</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        _running = Agent.RunAsync(_stop.Token);
    }

    /// <summary>A full exchange, repeated while the back office's answers are lost (what the agent's loop does with back-off).</summary>
    public async Task<SyncReport> SyncUntilAnsweredAsync(int maxTries = 200)
    {
        for (int i = 1; ; i++)
        {
            try
            {
                return await Agent.SyncOnceAsync();
            }
            catch (StoreUnavailableException) when (i < maxTries)
            {
                // Lost answer: again.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _running!;
            _stop.Dispose();
        }

        await _services.DisposeAsync();
    }
}
