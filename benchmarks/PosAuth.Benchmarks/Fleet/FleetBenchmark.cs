using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.BackOffice;
using PosAuth.Sync;

namespace PosAuth.Benchmarks.Fleet;

/// <summary>
/// <c>--fleet [operators] [--out file.md]</c> (issue 14): the back office and its lanes on this machine, over loopback HTTP.
/// <list type="bullet">
/// <item>Initial sync of N operators (default 10,000) to a fresh lane: bytes on the wire (both directions, counted by a
/// byte-pumping TCP relay between lane and back office, HTTP heads included) and wall time.</item>
/// <item>Memory of the sync agent: a lane in a CHILD process (this executable, <c>--fleet-lane</c>; its key comes on
/// stdin, never on the command line) does the initial sync of the N operators and reports its managed heap (after a full
/// GC) and RSS, against the same process's figures just before the lane was composed.</item>
/// <item>Charges per second: 50 lanes (each its own SQLite file and sync agent, in this process) sign in with wrong PINs,
/// all at once, spread over 200 operators of one site (limit 5): every sign-in is one charge round trip to the back office
/// (a refused one costs no KDF). Exact: the wrong PINs verified must equal 200 × 5, every operator is locked with 5
/// failures in the back office's store, nothing more.</item>
/// </list>
/// </summary>
public static class FleetBenchmark
{
    private const int Iterations = 10_000;
    private const string AdminPassword = "Correct7Horse-Battery";
    private const int Lanes = 50;
    private const int BudgetOperators = 200;
    private const int Limit = 5;
    private const int AttemptsPerLane = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        int operators = 10_000;
        string? outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                outFile = args[++i];
            }
            else if (int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
            {
                operators = n;
            }
        }

        string load = LoadAverage();
        string directory = Path.Combine(Path.GetTempPath(), "posauth-fleet-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var report = new StringBuilder();
        report.AppendLine("# Fleet benchmark (issue 14): the back office and its lanes").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --fleet {operators.ToString(CultureInfo.InvariantCulture)}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Load average at the start: {load} — a shared 2-core machine with other builds and test runs going on: absolute figures are a floor for this box, not a property of the code.")
            .AppendLine(CultureInfo.InvariantCulture, $"Back office: Kestrel on 127.0.0.1, SQLite (WAL) in a temp folder; PIN hashes PBKDF2-SHA512 at {Iterations:N0} iterations (the test setting; it changes the KDF time of an admitted guess, not the sync or the charge).")
            .AppendLine();
        try
        {
            await using var backOffice = await BackOffice.StartAsync(directory);
            await SyncAndMemoryAsync(backOffice, directory, operators, report);
            await ChargesAsync(backOffice, directory, report);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp cleanup.
            }
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {LoadAverage()}.");
        Console.WriteLine(report.ToString());
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, report.ToString());
        }

        return 0;
    }

    private static async Task SyncAndMemoryAsync(BackOffice bo, string directory, int operators, StringBuilder report)
    {
        Console.Error.WriteLine($"creating {operators} operators…");
        Assert((await bo.Management.CreateSiteAsync(bo.Admin, "S1", "Store S1")).Succeeded, "site");
        var create = Stopwatch.StartNew();
        for (int i = 0; i < operators; i++)
        {
            BackOfficeResult<TemporaryPin> op = await bo.Management.CreateOperatorAsync(bo.Admin, "S1", (100_000 + i).ToString(CultureInfo.InvariantCulture), OperatorRole.Operator, "Cashier " + i.ToString(CultureInfo.InvariantCulture));
            Assert(op.Succeeded, op.Error?.Code);
            op.Value!.Dispose();
        }

        create.Stop();
        LaneRegistration first = (await bo.Management.RegisterTerminalAsync(bo.Admin, "S1", "S1L1", null)).Value!;
        LaneRegistration second = (await bo.Management.RegisterTerminalAsync(bo.Admin, "S1", "S1L2", null)).Value!;

        // Bytes and time: a fresh lane through the counting relay.
        await using var relay = CountingRelay.Start(bo.Address.Port);
        await using (Lane lane = Lane.Create(first, relay.Address, Path.Combine(directory, "S1L1.db")))
        {
            var watch = Stopwatch.StartNew();
            SyncReport sync = await lane.Agent.SyncOnceAsync();
            watch.Stop();
            Assert(sync.OperatorsApplied == operators, $"applied {sync.OperatorsApplied} of {operators}");
            int replica = (await lane.Services.GetRequiredService<PosAuth.Storage.IOperatorStore>().ListAsync()).Count;
            Assert(replica == operators, $"replica holds {replica}");
            long up = relay.ToServer;
            long down = relay.ToLane;
            report.AppendLine("## Initial sync").AppendLine()
                .AppendLine("| operators | time | bytes lane → back office | bytes back office → lane | per operator | TCP connections | target | verdict |")
                .AppendLine("|---:|---:|---:|---:|---:|---:|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| {operators:N0} | {watch.Elapsed.TotalSeconds:F2} s | {up:N0} | {down:N0} | {(double)down / operators:F0} B | {relay.Connections} | none set in the issue (recorded) | recorded |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"(Setting up the {operators:N0} operators through the management API took {create.Elapsed.TotalSeconds:F1} s: each gets a hashed temporary PIN and an audit record.)")
                .AppendLine();
        }

        // Memory: the same initial sync by a lane in its own process.
        string lanePath = Path.Combine(directory, "S1L2.db");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--fleet-lane", bo.Address.ToString(), second.Site, second.TerminalId, lanePath })
        {
            start.ArgumentList.Add(a);
        }

        using Process child = Process.Start(start)!;
        await child.StandardInput.WriteLineAsync(Convert.ToBase64String(second.Key));
        child.StandardInput.Close();
        string output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert(child.ExitCode == 0, "lane process exit " + child.ExitCode.ToString(CultureInfo.InvariantCulture));
        Dictionary<string, long> m = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split('='))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        report.AppendLine("## Memory of the sync agent on a lane (its own process)").AppendLine()
            .AppendLine("| | managed heap (after full GC) | RSS |")
            .AppendLine("|---|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| before composing the lane | {Mb(m["heap_before"])} | {Mb(m["rss_before"])} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| after the initial sync of {m["applied"]:N0} operators (agent idle, replica on disk) | {Mb(m["heap_after"])} | {Mb(m["rss_after"])} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| difference | {Mb(m["heap_after"] - m["heap_before"])} | {Mb(m["rss_after"] - m["rss_before"])} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| peak RSS of the lane process | | {Mb(m["rss_peak"])} |")
            .AppendLine()
            .AppendLine("Target: none numeric in the issue; recorded so a regression shows. The replica lives in the lane's SQLite file, not in memory.")
            .AppendLine();
    }

    private static async Task ChargesAsync(BackOffice bo, string directory, StringBuilder report)
    {
        Console.Error.WriteLine($"charges: {Lanes} lanes, {BudgetOperators} operators, limit {Limit}…");
        Assert((await bo.Management.CreateSiteAsync(bo.Admin, "S2", "Store S2")).Succeeded, "site");
        var pins = new string[BudgetOperators];
        for (int i = 0; i < BudgetOperators; i++)
        {
            using TemporaryPin pin = (await bo.Management.CreateOperatorAsync(bo.Admin, "S2", (200_000 + i).ToString(CultureInfo.InvariantCulture), OperatorRole.Operator, null)).Value!;
            pins[i] = new string(pin.AsSpan());
        }

        var lanes = new List<Lane>();
        try
        {
            for (int i = 1; i <= Lanes; i++)
            {
                LaneRegistration r = (await bo.Management.RegisterTerminalAsync(bo.Admin, "S2", "S2L" + i.ToString(CultureInfo.InvariantCulture), null)).Value!;
                Lane lane = Lane.Create(r, bo.Address, Path.Combine(directory, r.TerminalId + ".db"));
                lanes.Add(lane);
                await lane.Agent.SyncOnceAsync();
            }

            var outcomes = new AuthenticationOutcome[Lanes * AttemptsPerLane];
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(lanes.Select((lane, l) => Task.Run(async () =>
            {
                IOperatorAuthenticator auth = lane.Services.GetRequiredService<IOperatorAuthenticator>();
                for (int a = 0; a < AttemptsPerLane; a++)
                {
                    // Lane l's a-th guess: operators visited in a different order on every lane, so many lanes hit each at once.
                    int op = ((a * 37) + (l * 11)) % BudgetOperators;
                    string pin = pins[op];
                    string wrong = pin[..^1] + (char)('0' + ((pin[^1] - '0' + 1) % 10));
                    outcomes[(l * AttemptsPerLane) + a] = (await auth.AuthenticateAsync(lane.TerminalId, (200_000 + op).ToString(CultureInfo.InvariantCulture), wrong.AsMemory())).Outcome;
                }
            })));
            watch.Stop();

            int verified = outcomes.Count(o => o == AuthenticationOutcome.WrongPin);
            int locked = outcomes.Count(o => o == AuthenticationOutcome.LockedOut);
            int other = outcomes.Length - verified - locked;
            var store = new PosAuth.Storage.Sqlite.SqliteAttemptStore(new PosAuth.Storage.Sqlite.SqliteStoreOptions { DatabasePath = Path.Combine(directory, "lockout.db") });
            int exactOperators = 0;
            long central = 0;
            using (store)
            {
                for (int i = 0; i < BudgetOperators; i++)
                {
                    PosAuth.Lockout.AttemptRecord? rec = await store.GetAsync(new PosAuth.Lockout.AttemptKey("S2/" + PosAuth.Lockout.AttemptKey.SiteTerminalId, (200_000 + i).ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
                    central += rec?.FailureCount ?? 0;
                    exactOperators += rec?.FailureCount == Limit ? 1 : 0;
                }
            }

            // A wrong PIN that applies the lock is reported LockedOut (JustLocked): admitted = central failures counted.
            int budget = BudgetOperators * Limit;
            bool exact = central == budget && exactOperators == BudgetOperators && other == 0;
            double perSecond = outcomes.Length / watch.Elapsed.TotalSeconds;
            report.AppendLine(CultureInfo.InvariantCulture, $"## Sign-in charges per second through the back office, {Lanes} concurrent lanes").AppendLine()
                .AppendLine("| lanes | sign-ins (charges) | time | charges/s | admitted failures (central) | budget (200 × 5) | operators at exactly 5 | other outcomes | target | verdict |")
                .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
                .AppendLine(CultureInfo.InvariantCulture, $"| {Lanes} | {outcomes.Length:N0} | {watch.Elapsed.TotalSeconds:F2} s | {perSecond:F0} | {central:N0} | {budget:N0} | {exactOperators} / {BudgetOperators} | {other} | exact count | {(exact ? "met (exact)" : "NOT MET")} |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Outcomes on the lanes: {verified:N0} wrong PIN, {locked:N0} locked out (the wrong PINs that applied a lock plus the refused charges). Each sign-in is one signed charge round trip; an admitted one also runs the KDF on the lane (the 50 lanes share this machine's 2 cores with the back office).")
                .AppendLine();
            Assert(exact, $"central {central} vs budget {budget}, {exactOperators} exact, {other} other");
        }
        finally
        {
            foreach (Lane lane in lanes)
            {
                await lane.DisposeAsync();
            }
        }
    }

    /// <summary>The child process of the memory figure: one lane, one initial sync, its own memory before and after.</summary>
    public static async Task<int> RunLaneAsync(string[] args)
    {
        byte[] key = Convert.FromBase64String((await Console.In.ReadLineAsync())!.Trim());
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long rssBefore = Environment.WorkingSet;
        await using Lane lane = Lane.Create(new LaneCredentials(args[2], args[1], key), new Uri(args[0]), args[3]);
        SyncReport report = await lane.Agent.SyncOnceAsync();
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"applied={report.OperatorsApplied}");
        Console.WriteLine($"heap_before={heapBefore}");
        Console.WriteLine($"rss_before={rssBefore}");
        Console.WriteLine($"heap_after={heapAfter}");
        Console.WriteLine($"rss_after={self.WorkingSet64}");
        Console.WriteLine($"rss_peak={self.PeakWorkingSet64}");
        return 0;
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private static void Assert(bool condition, string? what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("fleet benchmark: " + what);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed class BackOffice : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private BackOffice(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public BackOfficeSession Admin { get; private set; } = null!;

        public IBackOfficeManagement Management => _app.Services.GetRequiredService<IBackOfficeManagement>();

        public static async Task<BackOffice> StartAsync(string directory)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddPosAuthBackOffice(o =>
            {
                o.Secret = RandomNumberGenerator.GetBytes(32);
                o.Hashing.Iterations = Iterations;
                o.SiteLockout.MaxFailures = Limit;
                o.SiteLockout.TerminalThrottle.MaxFailures = 1000;
            }).UseSqlite(directory);
            WebApplication app = builder.Build();
            app.MapPosAuthBackOffice();
            await app.StartAsync();
            var bo = new BackOffice(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/"));
            IBackOfficeAuthentication auth = app.Services.GetRequiredService<IBackOfficeAuthentication>();
            string initial = (await auth.CreateInitialAdministratorAsync("admin"))!;
            BackOfficeSignIn signIn = (await auth.SignInAsync("admin", initial, null)).Value!;
            Assert((await auth.ChangePasswordAsync(signIn.Session, initial, AdminPassword)).Succeeded, "password");
            TotpEnrolment enrolment = (await auth.BeginTotpEnrolmentAsync(signIn.Session)).Value!;
            Assert((await auth.ConfirmTotpAsync(signIn.Session, Totp.Compute(Totp.FromBase32(enrolment.SecretBase32), Totp.StepOf(DateTimeOffset.UtcNow)))).Succeeded, "totp");
            bo.Admin = signIn.Session;
            return bo;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

    }

    /// <summary>A lane: PosAuth over its own SQLite file with <c>UseBackOffice</c>.</summary>
    private sealed class Lane : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Lane(ServiceProvider services, string terminalId)
        {
            _services = services;
            TerminalId = terminalId;
        }

        public string TerminalId { get; }

        public IServiceProvider Services => _services;

        public IBackOfficeSyncAgent Agent => _services.GetRequiredService<IBackOfficeSyncAgent>();

        public static Lane Create(LaneRegistration r, Uri backOffice, string path) => Create(new LaneCredentials(r.TerminalId, r.Site, r.Key), backOffice, path);

        public static Lane Create(LaneCredentials credentials, Uri backOffice, string path)
        {
            var services = new ServiceCollection();
            services.AddPosAuth(o => o.Hashing.Iterations = Iterations).WithoutHostSignOn().UseSqlite(path).UseBackOffice(backOffice, credentials);
            return new Lane(services.BuildServiceProvider(), credentials.TerminalId);
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>Copies bytes both ways between lane and back office, counting them.</summary>
    private sealed class CountingRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _upstream;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _pumps = [];
        private readonly Task _accepting;
        private long _toServer;
        private long _toLane;
        private int _connections;

        private CountingRelay(int upstream)
        {
            _upstream = upstream;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public static CountingRelay Start(int upstreamPort) => new(upstreamPort);

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public long ToServer => Interlocked.Read(ref _toServer);

        public long ToLane => Interlocked.Read(ref _toLane);

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket lane;
                try
                {
                    lane = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstream));
                lock (_pumps)
                {
                    _pumps.Add(PumpAsync(lane, server, up: true));
                    _pumps.Add(PumpAsync(server, lane, up: false));
                }
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool up)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    Interlocked.Add(ref up ? ref _toServer : ref _toLane, n);
                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Closed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            Task[] pumps;
            lock (_pumps)
            {
                pumps = [.. _pumps];
            }

            await Task.WhenAll(pumps);
            _stop.Dispose();
        }
    }
}
