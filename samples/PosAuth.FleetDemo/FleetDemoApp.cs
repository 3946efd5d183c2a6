using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.BackOffice;
using PosAuth.Sync;

namespace PosAuth.FleetDemo;

/// <summary>
/// The fleet demo: a back office (embedded SQLite in a temp folder, Kestrel on 127.0.0.1) and three lanes of one store,
/// each with its own SQLite file and sync agent, talking to it over loopback HTTP through a relay the demo can cut (the
/// network cable). It narrates a cloud reset of a forgotten cashier PIN, the cut, a sign-in while offline, an attacker
/// spreading guesses over all three lanes, reconnect and reconciliation, and a supervisor unlock from the back office;
/// it prints its figures and exits 0 only if every step behaved as promised.
/// </summary>
internal static class FleetDemoApp
{
    private const string Site = "S1";
    private const string Cashier = "1001";
    private const string PersonalPin = "482916";
    private const string NewPersonalPin = "571938";
    private const int Limit = 5;
    private const int Iterations = 10_000;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        Narrator? say = Narrator.FromArgs(args, output);
        if (say is null)
        {
            await output.WriteLineAsync("usage: PosAuth.FleetDemo [--lang zh-CN|en]   (default: both, line by line)");
            return 2;
        }

        string directory = Path.Combine(Path.GetTempPath(), "posauth-fleet-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            return await RunInAsync(directory, say) ? 0 : 1;
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
    }

    private static async Task<bool> RunInAsync(string directory, Narrator say)
    {
        var checks = new Checks(say);

        // ---- The chain: a back office, a relay standing for the network, three lanes. ----
        await using BackOffice bo = await BackOffice.StartAsync(directory);
        await using var network = CuttableRelay.Start(bo.Address.Port);
        Assert(await bo.Management.CreateSiteAsync(bo.Admin, Site, "Store 1"));
        var lanes = new List<Lane>();
        for (int i = 1; i <= 3; i++)
        {
            LaneRegistration r = (await bo.Management.RegisterTerminalAsync(bo.Admin, Site, "S1L" + i.ToString(CultureInfo.InvariantCulture), null)).Value!;
            lanes.Add(Lane.Create(r, network.Address, Path.Combine(directory, r.TerminalId + ".db")));
        }

        await using var stop = new LaneSet(lanes);
        say.Line("后台已启动（内嵌 SQLite，127.0.0.1），门店 S1 的三台收银机已注册并各自连上后台。",
            "Back office started (embedded SQLite, 127.0.0.1); store S1's three lanes are registered, each with its own database.");

        BackOfficeResult<TemporaryPin> created = await bo.Management.CreateOperatorAsync(bo.Admin, Site, Cashier, OperatorRole.Operator, "Wang Fang");
        string firstPin = Take(created);
        foreach (Lane lane in lanes)
        {
            await lane.Agent.SyncOnceAsync();
            lane.Start();
        }

        checks.That(await lanes[0].SignInAsync(Cashier, firstPin) == AuthenticationOutcome.SucceededMustChangePin, "首次签到须改密", "first sign-in must change the PIN");
        checks.That((await lanes[0].Recovery.ChangePinAsync(lanes[0].TerminalId, Cashier, firstPin.AsMemory(), PersonalPin.AsMemory())).Succeeded, "改密成功", "PIN changed");
        await lanes[0].Agent.SyncOnceAsync();
        say.Line($"收银员 {Cashier} 在 1 号机首次签到并设置了自己的密码；密码变更已推送到后台。",
            $"Cashier {Cashier} signed in on lane 1 for the first time and set a personal PIN; the change was pushed to the back office.");

        // ---- 1. 云端后台重置: the cashier forgot the PIN. ----
        say.Heading("1. 云端后台重置：收银员忘记密码", "1. Cloud reset: the cashier forgot the PIN");
        Task[] arrived = [.. lanes.Select(l => AppliedAsync(l, Cashier))];
        var watch = Stopwatch.StartNew();
        string temporary = Take(await bo.Management.ResetOperatorPinAsync(bo.Admin, Site, Cashier));
        await Task.WhenAll(arrived).WaitAsync(TimeSpan.FromSeconds(30));
        double propagationMs = watch.Elapsed.TotalMilliseconds;
        say.Line($"店长在后台（已登录并通过两步验证）重置了密码；临时密码只显示一次。{propagationMs:F0} 毫秒后三台收银机全部收到。",
            $"The manager (signed in with two-factor) reset the PIN at the back office; the temporary PIN is shown once. All three lanes had it after {propagationMs:F0} ms.");
        foreach (Lane lane in lanes)
        {
            checks.That(await lane.SignInAsync(Cashier, PersonalPin) == AuthenticationOutcome.WrongPin, $"{lane.TerminalId} 拒绝旧密码", $"{lane.TerminalId} refuses the old PIN");
        }

        checks.That(await lanes[1].SignInAsync(Cashier, temporary) == AuthenticationOutcome.SucceededMustChangePin, "2 号机接受临时密码（须改密）", "lane 2 accepts the temporary PIN (must change)");
        checks.That((await lanes[1].Recovery.ChangePinAsync(lanes[1].TerminalId, Cashier, temporary.AsMemory(), NewPersonalPin.AsMemory())).Succeeded, "改为新密码", "changed to a new PIN");
        await lanes[1].Agent.SyncOnceAsync();
        foreach (Lane lane in lanes)
        {
            await lane.Agent.SyncOnceAsync();
        }

        say.Line("旧密码在每台机器上都被拒绝；收银员用临时密码签到并改了新密码，新密码已同步到所有收银机。",
            "Every lane refuses the old PIN; the cashier signed in with the temporary PIN and chose a new one, now on every lane.");

        // The cashier's shift moves to lane 3: a right PIN there earns lane 3 an attempt lease (one try it may charge
        // itself while the back office cannot be reached), granted in the answer to the refund.
        checks.That(await lanes[2].SignInAsync(Cashier, NewPersonalPin) == AuthenticationOutcome.Succeeded, "3 号机联网签到（获得一次离线尝试额度）", "lane 3 signs in online (and gets an attempt lease)");
        say.Line("收银员换到 3 号机上班，联网签到成功；后台随之给 3 号机一次离线尝试额度（租约）。",
            "The cashier moves to lane 3 and signs in online; with it the back office gives lane 3 an attempt lease of one try.");

        // ---- 2. The network cut. ----
        say.Heading("2. 断网", "2. The network is cut");
        network.Cut();
        say.Line("门店与后台之间的网络断开（演示切断了收银机与后台之间的连接）。",
            "The network between the store and the back office is down (the demo cut the connection between the lanes and the back office).");

        // ---- 3. A sign-in while offline. ----
        say.Heading("3. 离线签到", "3. Signing in while offline");
        await OfflineSignInStepAsync(lanes[2], lanes[0], checks, say);

        // ---- 4. The attacker: guesses spread over all three lanes. ----
        say.Heading("4. 攻击者把猜测分散到三台收银机上", "4. An attacker spreads guesses over all three lanes");
        int offlineAdmitted = 0;
        foreach (Lane lane in lanes)
        {
            for (int g = 0; g < 2; g++)
            {
                AuthenticationResult r = await lane.AuthenticateAsync(Cashier, Guess(g + 10));
                offlineAdmitted += IsVerified(r) ? 1 : 0;
            }
        }

        say.Line($"断网期间在三台机器上共猜 6 次：被核验的猜测 {offlineAdmitted} 次（只有持有租约的 3 号机可核验一次，其余机器无法向后台记账，不核验密码）。",
            $"While offline, 6 guesses over the three lanes: {offlineAdmitted} verified (only lane 3's lease can pay for one; the other lanes cannot charge the back office, so they check no PIN).");
        checks.That(offlineAdmitted <= 1, "断网时核验的猜测不超过发出的租约（1 次）", "offline verifications within the leases held at the cut (1)");

        // ---- 5. Reconnect and reconciliation. ----
        say.Heading("5. 恢复网络与对账", "5. Reconnect and reconciliation");
        network.Restore();
        foreach (Lane lane in lanes)
        {
            SyncReport sync = await lane.Agent.SyncOnceAsync();
            say.Line($"{lane.TerminalId}：目录游标 {sync.Cursor}，审计记录已上传至第 {sync.AuditAcknowledgedThrough} 条。",
                $"{lane.TerminalId}: directory cursor {sync.Cursor}, audit trail acknowledged through record {sync.AuditAcknowledgedThrough}.");
        }

        PosAuth.Storage.AuditChainVerification chain = await bo.Maintenance.VerifyAuditAsync();
        checks.That(chain.IsValid, "后台审计链校验通过", "the back office's audit chain verifies");

        // Online again, the attacker takes turns on the three lanes, 15 guesses: the site's one budget (which already
        // holds the offline guess) admits the rest. A lane told "try again shortly" while a lease is being recalled
        // syncs (giving idle leases back) and the attacker goes on.
        int admitted = 0;
        for (int g = 0; g < 15; g++)
        {
            Lane lane = lanes[g % lanes.Count];
            AuthenticationResult r = await lane.AuthenticateAsync(Cashier, Guess(g));
            admitted += IsVerified(r) ? 1 : 0;
            if (r.Outcome == AuthenticationOutcome.StoreUnavailable)
            {
                foreach (Lane l in lanes)
                {
                    await l.Agent.SyncOnceAsync();
                }
            }
        }

        int total = admitted + offlineAdmitted;
        say.Line($"联网后攻击者在三台机器上轮流猜 15 次：被核验 {admitted} 次；加上断网时的 {offlineAdmitted} 次，共 {total} 次，整店额度 {Limit} 次。",
            $"Back online, the attacker takes turns on the three lanes, 15 guesses: {admitted} verified; with the {offlineAdmitted} offline, {total} in all, against the store's budget of {Limit}.");
        say.Figure($"猜测核验 {total} / 额度 {Limit}", $"guesses admitted {total} / budget {Limit}");
        checks.That(total == Limit, "核验次数恰好等于额度（离线与联网合计）", "verified guesses exactly the budget (offline and online together)");
        foreach (Lane lane in lanes)
        {
            checks.That(await lane.SignInAsync(Cashier, NewPersonalPin) == AuthenticationOutcome.LockedOut, $"{lane.TerminalId} 已锁定（正确密码也不行）", $"{lane.TerminalId} locked (even for the right PIN)");
        }

        // ---- 6. Supervisor unlock from the back office. ----
        say.Heading("6. 主管在后台解锁", "6. Supervisor unlock from the back office");
        checks.That((await bo.Management.UnlockOperatorAsync(bo.Admin, Site, Cashier)).Succeeded, "后台解锁", "unlocked at the back office");
        checks.That(await lanes[0].SignInAsync(Cashier, NewPersonalPin) == AuthenticationOutcome.Succeeded, "1 号机签到成功", "lane 1 signs the cashier in");
        say.Line("主管核实身份后在后台解锁；锁定在每台收银机上同时解除，收银员在 1 号机签到成功。",
            "After checking who the cashier is, the supervisor unlocked at the back office; the lock is lifted on every lane at once and the cashier signs in on lane 1.");

        say.Figure($"重置传播 {propagationMs:F0} 毫秒（3 台收银机）", $"reset propagation {propagationMs:F0} ms (3 lanes)");
        return checks.Report();
    }

    /// <summary>
    /// THE OFFLINE STEP. A lane holding an attempt lease signs the cashier in while the back office cannot be reached: it
    /// charges its lease before the KDF and a right PIN gives the try back. A lane holding none fails closed
    /// (<c>StoreUnavailable</c>: neither a success nor a counted guess).
    /// </summary>
    private static async Task OfflineSignInStepAsync(Lane leased, Lane unleased, Checks checks, Narrator say)
    {
        AuthenticationResult offline = await leased.AuthenticateAsync(Cashier, NewPersonalPin);
        say.Line($"收银员在 3 号机输入正确密码：结果 {offline.Code}。3 号机持有租约，离线也能签到（先扣一次尝试，密码正确后退回）。",
            $"The cashier enters the right PIN on lane 3: {offline.Code}. Lane 3 holds a lease, so it signs her in offline (it charges one try first and gives it back for the right PIN).");
        checks.That(offline.Outcome == AuthenticationOutcome.Succeeded, "3 号机离线签到成功", "lane 3 signs in offline");
        checks.That(await leased.SignInAsync(Cashier, NewPersonalPin) == AuthenticationOutcome.Succeeded, "离线再次签到仍成功（租约已退回）", "and again (the try was given back)");

        AuthenticationResult refused = await unleased.AuthenticateAsync(Cashier, NewPersonalPin);
        say.Line($"同一密码在 1 号机：结果 {refused.Code}。1 号机没有租约，无法联系后台时安全拒绝（不放行，也不计错）。",
            $"The same PIN on lane 1: {refused.Code}. Lane 1 holds no lease, so it fails closed (neither a success nor a counted guess).");
        checks.That(refused.Outcome == AuthenticationOutcome.StoreUnavailable, "1 号机无租约，安全拒绝", "lane 1 (no lease) fails closed");
    }

    private static bool IsVerified(AuthenticationResult r) => r.Outcome == AuthenticationOutcome.WrongPin || r.JustLocked;

    private static string Guess(int n) => (100_000 + (n * 7919)).ToString(CultureInfo.InvariantCulture);

    private static string Take(BackOfficeResult<TemporaryPin> result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The back office refused: " + result.Error?.Code);
        }

        using TemporaryPin pin = result.Value!;
        return new string(pin.AsSpan());
    }

    private static void Assert(BackOfficeResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The back office refused: " + result.Error?.Code);
        }
    }

    private static Task AppliedAsync(Lane lane, string operatorId)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<DirectoryAppliedEventArgs>? handler = null;
        handler = (_, e) =>
        {
            if (e.OperatorIds.Contains(operatorId))
            {
                lane.Agent.DirectoryApplied -= handler;
                seen.TrySetResult();
            }
        };
        lane.Agent.DirectoryApplied += handler;
        return seen.Task;
    }

    /// <summary>Prints in Chinese, English, or both (one line each).</summary>
    private sealed class Narrator(TextWriter output, bool zh, bool en)
    {
        public static Narrator? FromArgs(string[] args, TextWriter output) => args switch
        {
            [] => new Narrator(output, zh: true, en: true),
            ["--lang", "zh-CN"] => new Narrator(output, zh: true, en: false),
            ["--lang", "en"] => new Narrator(output, zh: false, en: true),
            _ => null,
        };

        public void Heading(string zhText, string enText)
        {
            output.WriteLine();
            Line(zhText, enText);
        }

        public void Line(string zhText, string enText)
        {
            if (zh)
            {
                output.WriteLine(zhText);
            }

            if (en)
            {
                output.WriteLine(enText);
            }
        }

        public void Figure(string zhText, string enText) => Line("[数据] " + zhText, "[figure] " + enText);
    }

    private sealed class Checks(Narrator say)
    {
        private readonly List<(string Zh, string En)> _failed = [];
        private int _passed;

        public void That(bool condition, string zh, string en)
        {
            if (condition)
            {
                _passed++;
            }
            else
            {
                _failed.Add((zh, en));
                say.Line("✗ 未达到：" + zh, "✗ NOT as promised: " + en);
            }
        }

        public bool Report()
        {
            say.Line($"检查 {_passed} 项通过，{_failed.Count} 项未通过。", $"{_passed} checks passed, {_failed.Count} failed.");
            return _failed.Count == 0;
        }
    }

    private sealed class LaneSet(List<Lane> lanes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (Lane lane in lanes)
            {
                await lane.DisposeAsync();
            }
        }
    }

    /// <summary>The back office: Kestrel on 127.0.0.1, SQLite in the demo's temp folder, a head-office administrator with two-factor.</summary>
    private sealed class BackOffice : IAsyncDisposable
    {
        private const string AdminPassword = "Correct7Horse-Battery";
        private readonly WebApplication _app;

        private BackOffice(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public BackOfficeSession Admin { get; private set; } = null!;

        public IBackOfficeManagement Management => _app.Services.GetRequiredService<IBackOfficeManagement>();

        public IBackOfficeMaintenance Maintenance => _app.Services.GetRequiredService<IBackOfficeMaintenance>();

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
            }).UseSqlite(directory);
            WebApplication app = builder.Build();
            app.MapPosAuthBackOffice();
            await app.StartAsync();
            var bo = new BackOffice(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/"));
            IBackOfficeAuthentication auth = app.Services.GetRequiredService<IBackOfficeAuthentication>();
            string initial = (await auth.CreateInitialAdministratorAsync("admin"))!;
            BackOfficeSignIn signIn = (await auth.SignInAsync("admin", initial, null)).Value!;
            Assert(await auth.ChangePasswordAsync(signIn.Session, initial, AdminPassword));
            TotpEnrolment enrolment = (await auth.BeginTotpEnrolmentAsync(signIn.Session)).Value!;
            Assert(await auth.ConfirmTotpAsync(signIn.Session, Totp.Compute(Totp.FromBase32(enrolment.SecretBase32), Totp.StepOf(DateTimeOffset.UtcNow))));
            bo.Admin = signIn.Session;
            return bo;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

    }

    /// <summary>A lane: PosAuth over its own SQLite file with <c>UseBackOffice</c>, and its sync agent running.</summary>
    private sealed class Lane : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private CancellationTokenSource? _stop;
        private Task? _running;

        private Lane(ServiceProvider services, string terminalId)
        {
            _services = services;
            TerminalId = terminalId;
        }

        public string TerminalId { get; }

        public IBackOfficeSyncAgent Agent => _services.GetRequiredService<IBackOfficeSyncAgent>();

        public IPinRecoveryService Recovery => _services.GetRequiredService<IPinRecoveryService>();

        public static Lane Create(LaneRegistration r, Uri backOffice, string path)
        {
            var services = new ServiceCollection();
            services.AddPosAuth(o => o.Hashing.Iterations = Iterations)
                .WithoutHostSignOn()
                .UseSqlite(path)
                .UseBackOffice(backOffice, new LaneCredentials(r.TerminalId, r.Site, r.Key), o =>
                {
                    o.RetryDelay = TimeSpan.FromMilliseconds(200);
                    o.MaxRetryDelay = TimeSpan.FromSeconds(1);
                    o.RequestTimeout = TimeSpan.FromSeconds(3);
                });
            return new Lane(services.BuildServiceProvider(), r.TerminalId);
        }

        public async Task<AuthenticationResult> AuthenticateAsync(string operatorId, string pin) =>
            await _services.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync(TerminalId, operatorId, pin.AsMemory());

        public async Task<AuthenticationOutcome> SignInAsync(string operatorId, string pin) => (await AuthenticateAsync(operatorId, pin)).Outcome;

        public void Start()
        {
            _stop = new CancellationTokenSource();
            _running = Agent.RunAsync(_stop.Token);
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

    /// <summary>The network cable: a TCP relay on loopback that can be cut (every connection reset, new ones refused) and restored on the same port.</summary>
    private sealed class CuttableRelay : IAsyncDisposable
    {
        private readonly int _upstream;
        private readonly int _port;
        private readonly List<Socket> _open = [];
        private TcpListener? _listener;
        private Task _accepting = Task.CompletedTask;

        private CuttableRelay(int upstream)
        {
            _upstream = upstream;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        public static CuttableRelay Start(int upstreamPort)
        {
            var relay = new CuttableRelay(upstreamPort);
            relay.Restore();
            return relay;
        }

        public Uri Address => new($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}/");

        public void Restore()
        {
            var listener = new TcpListener(IPAddress.Loopback, _port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _accepting = AcceptAsync(listener);
        }

        public void Cut()
        {
            _listener?.Stop();
            _listener = null;
            lock (_open)
            {
                foreach (Socket s in _open)
                {
                    try
                    {
                        s.LingerState = new LingerOption(true, 0);
                        s.Close();
                    }
                    catch (ObjectDisposedException)
                    {
                        // Already closed.
                    }
                }

                _open.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (true)
            {
                Socket lane;
                try
                {
                    lane = await listener.AcceptSocketAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstream));
                }
                catch (SocketException)
                {
                    lane.Dispose();
                    server.Dispose();
                    continue;
                }

                lock (_open)
                {
                    _open.Add(lane);
                    _open.Add(server);
                }

                _ = PumpAsync(lane, server);
                _ = PumpAsync(server, lane);
            }
        }

        private static async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    int n = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Cut or closed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            Cut();
            await _accepting;
        }
    }
}
