using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PosAuth.BackOffice.Storage;
using PosAuth.BackOffice.Tests.TestSupport;
using PosAuth.Lockout;
using PosAuth.Testing;
using Xunit.Abstractions;

namespace PosAuth.BackOffice.Tests.Lanes;

/// <summary>
/// The partition, with real processes on loopback: a back office on PostgreSQL (Kestrel at 127.0.0.1 in this process)
/// and 10 lane processes (tests/PosAuth.Sync.PartitionLane, each with its own SQLite files) of one site; limit 5,
/// lease 1. Each round: the cashier signs in on every lane (leases follow her), the back office stops, her right PIN
/// works offline where a lease is held, an attacker guesses on every lane, the back office restarts and the lanes sync.
/// FAILS (never skips) without POSAUTH_TEST_POSTGRES.
/// </summary>
public sealed class PartitionTests(ITestOutputHelper output)
{
    private const string Variable = "POSAUTH_TEST_POSTGRES";
    private const string Site = "PART";
    private const string Operator = "1001";
    private const int LaneCount = 10;
    private const int Limit = 5;
    private const int Rounds = 20;

    [Fact]
    public async Task Partition_TenLanesLimitFiveLeaseOne_TwentyRounds_VerificationsNeverExceedTheLeases_ReportsCountedOnce()
    {
        string cs = await RequirePostgresAsync();
        string schema = "bo_part_" + Guid.NewGuid().ToString("N")[..10];
        string directory = Path.Combine(Path.GetTempPath(), "posauth-partition-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var time = new ManualTimeProvider();
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        var rng = new Random(20261201);
        var total = Stopwatch.StartNew();

        WebApplication app = await StartBackOfficeAsync(cs, schema, secret, time, port: 0);
        int port = new Uri(Address(app)).Port;
        var host = new HostView(app, time);
        AdminSession admin = await host.CreateAdministratorAsync();
        SiteFixture site = await host.CreateSiteAsync(admin, LaneCount);
        string pin = site.TemporaryPin;
        string wrong = pin[..^1] + (char)('0' + ((pin[^1] - '0' + 1) % 10));

        var lanes = new List<LaneProcess>();
        try
        {
            foreach (LaneRegistration reg in site.Lanes)
            {
                lanes.Add(await LaneProcess.StartAsync(new Uri($"http://127.0.0.1:{port}/"), reg, Path.Combine(directory, reg.TerminalId + ".db")));
            }

            output.WriteLine($"setup (back office, admin, site, {LaneCount} lane processes): {total.ElapsedMilliseconds} ms");
            foreach (LaneProcess lane in lanes)
            {
                Assert.Equal("sync ok", await lane.AskAsync("sync"));
            }

            for (int round = 1; round <= Rounds; round++)
            {
                var roundTime = Stopwatch.StartNew();

                // Online: the cashier signs in on every lane in a random order; the leases follow her (recalled from
                // the lanes she left when the budget is all leased).
                foreach (LaneProcess lane in lanes.OrderBy(_ => rng.Next()))
                {
                    string outcome = "";
                    for (int attempt = 0; attempt < 2000 && outcome != "SucceededMustChangePin"; attempt++)
                    {
                        outcome = (await lane.SignInAsync(pin)).Outcome;
                        Assert.True(outcome is "SucceededMustChangePin" or "StoreUnavailable", $"round {round} {lane.TerminalId}: {outcome}");
                    }

                    Assert.Equal("SucceededMustChangePin", outcome);
                }

                // Recalled leases come back through the lanes' long-polls; then the cashier tops the leases up to the
                // whole budget by signing in on lanes without one (a lease follows her right PIN).
                BackOfficeStore store = app.Services.GetRequiredService<BackOfficeStore>();
                List<LeaseRow> leases = [];
                for (int step = 0; step < 5000; step++)
                {
                    leases = await store.ListLeasesAsync(Site, CancellationToken.None);
                    if (leases.Any(l => l.State == LeaseState.Active && l.Recall))
                    {
                        await Task.Yield();
                        continue;
                    }

                    if (leases.Sum(l => l.Outstanding) >= Limit)
                    {
                        break;
                    }

                    HashSet<string> holding = [.. leases.Where(l => l.Outstanding > 0).Select(l => l.TerminalId)];
                    LaneProcess next = lanes.Where(l => !holding.Contains(l.TerminalId)).OrderBy(_ => rng.Next()).First();
                    string outcome = (await next.SignInAsync(pin)).Outcome;
                    Assert.True(outcome is "SucceededMustChangePin" or "StoreUnavailable", outcome);
                }

                int outstanding = leases.Sum(l => l.Outstanding);
                Assert.Equal(Limit, outstanding);
                HashSet<string> holders = [.. leases.Where(l => l.Outstanding > 0).Select(l => l.TerminalId)];
                HashSet<string> atCut = [.. leases.Where(l => l.Outstanding > 0).Select(l => l.LeaseId)];
                Assert.Equal(0, await FailuresAsync(app));

                // The cut.
                await StopAsync(app);

                // The cashier's right PIN works offline, twice, on every lane holding a lease (a right PIN gives the attempt back).
                foreach (LaneProcess lane in lanes)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        string outcome = (await lane.SignInAsync(pin)).Outcome;
                        Assert.Equal(holders.Contains(lane.TerminalId) ? "SucceededMustChangePin" : "StoreUnavailable", outcome);
                    }
                }

                // The attacker guesses three times on every lane, interleaved at random.
                int[] before = [.. await Task.WhenAll(lanes.Select(l => l.VerificationsAsync()))];
                int accepted = 0;
                foreach (LaneProcess lane in lanes.SelectMany(l => Enumerable.Repeat(l, 3)).OrderBy(_ => rng.Next()))
                {
                    string outcome = (await lane.SignInAsync(wrong)).Outcome;
                    Assert.True(outcome is "WrongPin" or "LockedOut" or "StoreUnavailable", outcome);
                    accepted += outcome == "StoreUnavailable" ? 0 : 1;
                }

                int[] after = [.. await Task.WhenAll(lanes.Select(l => l.VerificationsAsync()))];
                int verifications = after.Zip(before, (a, b) => a - b).Sum();
                Assert.Equal(accepted, verifications);
                Assert.True(verifications <= outstanding, $"round {round}: {verifications} KDF verifications with {outstanding} attempts leased at the cut");

                // Her right PIN no longer works offline anywhere: every lease was used up by a wrong guess.
                foreach (LaneProcess lane in lanes)
                {
                    Assert.Equal("StoreUnavailable", (await lane.SignInAsync(pin)).Outcome);
                }

                // Reconnect: the reports reach the back office; repeated syncs add nothing.
                app = await StartBackOfficeAsync(cs, schema, secret, time, port);
                host = new HostView(app, time);
                foreach (LaneProcess lane in lanes)
                {
                    Assert.Equal("sync ok", await lane.AskAsync("sync"));
                }

                int central = await FailuresAsync(app);
                List<LeaseRow> reported = await app.Services.GetRequiredService<BackOfficeStore>().ListLeasesAsync(Site, CancellationToken.None);
                Assert.Equal(verifications, central);
                Assert.Equal(verifications, reported.Where(l => atCut.Contains(l.LeaseId)).Sum(l => l.Failed));
                foreach (LaneProcess lane in lanes)
                {
                    Assert.Equal("sync ok", await lane.AskAsync("sync"));
                }

                Assert.Equal(central, await FailuresAsync(app));

                // Locked on every lane (the budget of five is spent), and every lane's audit chain verifies, at home and at the back office.
                Assert.Equal(Limit, central);
                foreach (LaneProcess lane in lanes)
                {
                    Assert.Equal("LockedOut", (await lane.SignInAsync(pin)).Outcome);
                    Assert.StartsWith("audit True ", await lane.AskAsync("audit"));
                    Assert.Equal("sync ok", await lane.AskAsync("sync"));
                }

                IReadOnlyList<LaneAuditChainStatus> chains = (await host.Management.GetLaneAuditChainsAsync(admin.Session, Site)).Value!;
                Assert.Equal(LaneCount, chains.Count);
                Assert.All(chains, c => Assert.True(c.IsContinuous && c.Records > 0, c.ToString()));

                // Next round: the manager unlocks the cashier.
                Assert.True((await host.Management.UnlockOperatorAsync(admin.Session, Site, Operator)).Succeeded);
                output.WriteLine($"round {round,2}: leased at the cut {outstanding}, KDF verifications by the attacker {verifications}, central count after sync {central}, {roundTime.ElapsedMilliseconds} ms");
            }

            output.WriteLine($"total: {total.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (LaneProcess lane in lanes)
            {
                await lane.DisposeAsync();
            }

            await StopAsync(app);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp cleanup.
            }
        }
    }

    private static async Task<int> FailuresAsync(WebApplication app)
    {
        ILockoutPolicy policy = app.Services.GetRequiredService<BackOfficeLockouts>().ForSite(Site);
        return (await policy.GetStatusAsync(new LockoutSubject("probe", Operator, OperatorRole.Operator), CancellationToken.None)).FailureCount;
    }

    private static async Task<WebApplication> StartBackOfficeAsync(string cs, string schema, byte[] secret, ManualTimeProvider time, int port)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddPosAuthBackOffice(o =>
        {
            o.Secret = secret;
            o.Hashing.Iterations = BackOfficeHost.TestIterations;
            o.SiteLockout.MaxFailures = Limit;
        }).UsePostgreSql(cs, schema, schema + "_attempts");
        WebApplication app = builder.Build();
        app.MapPosAuthBackOffice();
        await app.StartAsync();
        return app;
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();

    private static async Task<string> RequirePostgresAsync()
    {
        string? connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Fail($"The partition test needs a PostgreSQL server and {Variable} is not set. Run `eval \"$(bash eng/postgres.sh start)\"` or `bash eng/test.sh`.");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            Assert.Fail($"The PostgreSQL server in {Variable} cannot be reached ({ex.Message}). Run `eval \"$(bash eng/postgres.sh start)\"`.");
        }

        return connectionString!;
    }

    /// <summary>The management side of a running back office, the way <see cref="BackOfficeHost"/> drives it.</summary>
    private sealed class HostView(WebApplication app, ManualTimeProvider time)
    {
        public IBackOfficeManagement Management => app.Services.GetRequiredService<IBackOfficeManagement>();

        private IBackOfficeAuthentication Authentication => app.Services.GetRequiredService<IBackOfficeAuthentication>();

        public async Task<AdminSession> CreateAdministratorAsync()
        {
            string initial = (await Authentication.CreateInitialAdministratorAsync("admin"))!;
            BackOfficeSignIn first = (await Authentication.SignInAsync("admin", initial, null)).Value!;
            const string password = "Correct7Horse-Battery";
            Assert.True((await Authentication.ChangePasswordAsync(first.Session, initial, password)).Succeeded);
            TotpEnrolment enrolment = (await Authentication.BeginTotpEnrolmentAsync(first.Session)).Value!;
            byte[] totp = Totp.FromBase32(enrolment.SecretBase32);
            Assert.True((await Authentication.ConfirmTotpAsync(first.Session, Totp.Compute(totp, Totp.StepOf(time.GetUtcNow())))).Succeeded);
            return new AdminSession("", first.Session, password, totp);
        }

        public async Task<SiteFixture> CreateSiteAsync(AdminSession admin, int lanes)
        {
            Assert.True((await Management.CreateSiteAsync(admin.Session, Site, "Store " + Site)).Succeeded);
            var registrations = new List<LaneRegistration>();
            for (int i = 1; i <= lanes; i++)
            {
                registrations.Add((await Management.RegisterTerminalAsync(admin.Session, Site, Site + "L" + i, null)).Value!);
            }

            BackOfficeResult<PosAuth.TemporaryPin> op = await Management.CreateOperatorAsync(admin.Session, Site, Operator, OperatorRole.Operator, null);
            Assert.True(op.Succeeded, op.Error?.Code);
            using PosAuth.TemporaryPin temporary = op.Value!;
            return new SiteFixture(Site, registrations, Operator, new string(temporary.AsSpan()));
        }
    }

    /// <summary>A lane process: commands on stdin, one answer line each on stdout.</summary>
    private sealed class LaneProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly SemaphoreSlim _gate = new(1, 1);

        private LaneProcess(Process process, string terminalId)
        {
            _process = process;
            TerminalId = terminalId;
        }

        public string TerminalId { get; }

        public static async Task<LaneProcess> StartAsync(Uri backOffice, LaneRegistration reg, string database)
        {
            string dll = typeof(PartitionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PartitionLanePath").Value!;
            Assert.True(File.Exists(dll), "The lane process is not built: " + dll);
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { dll, backOffice.ToString(), reg.TerminalId, reg.Site, database })
            {
                info.ArgumentList.Add(arg);
            }

            var lane = new LaneProcess(Process.Start(info)!, reg.TerminalId);
            await lane._process.StandardInput.WriteLineAsync("key " + Convert.ToBase64String(reg.Key));
            await lane._process.StandardInput.FlushAsync();
            Assert.Equal("ready", await lane._process.StandardOutput.ReadLineAsync());
            return lane;
        }

        public async Task<string> AskAsync(string command)
        {
            await _gate.WaitAsync();
            try
            {
                await _process.StandardInput.WriteLineAsync(command);
                await _process.StandardInput.FlushAsync();
                return await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"lane {TerminalId} ended");
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task<(string Outcome, int Verifications)> SignInAsync(string pin)
        {
            string[] parts = (await AskAsync($"signin {Operator} {pin}")).Split(' ');
            Assert.Equal("signin", parts[0]);
            return (parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        public async Task<int> VerificationsAsync() => int.Parse((await AskAsync("kdf")).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
