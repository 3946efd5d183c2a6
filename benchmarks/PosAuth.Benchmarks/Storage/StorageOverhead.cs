using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PosAuth.Benchmarks.Infrastructure;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Storage;
using PosAuth.Storage.Sqlite;

namespace PosAuth.Benchmarks.Storage;

/// <summary>
/// <c>--storage [pairs] [--out file.md]</c> (issue 13): what the stores add to a sign-in, as ratios against a baseline
/// measured in the same run, interleaved block by block (on a shared 2-core VM, fsync and round-trip times drift by 2x
/// over minutes: a ratio per adjacent pair of blocks cancels that drift; the median of the pair ratios is reported).
/// <list type="bullet">
/// <item>SQLite: a whole sign-in without the KDF (a hasher whose Verify answers at once; every store operation real:
/// operator read, the charge commit, the outcome commit of refund + audit) on <c>UseSqlite</c> (WAL, synchronous=FULL),
/// against ONE bare durable single-row commit (<c>UPDATE … SET v = v + 1</c>, autocommit) on the same file. Target ≤ 2.5.</item>
/// <item>PostgreSQL: the same sign-in on <c>UsePostgreSql</c>, awaited as a checkout app awaits it (each block one async
/// loop), against ONE bare single-row commit round trip on the same server and database (autocommit <c>UPDATE</c>,
/// pooled connection, synchronous). Target ≤ 2.5. The same sign-in with a thread blocked on each call is a context row.</item>
/// <item>Throughput: 16 concurrent lanes (terminals) of one site (<c>PerSite</c>), each signing in its own operator: sign-ins
/// (charges) per second, with the verification count and every stored failure count checked exact; then 16 lanes × 16
/// concurrent wrong PINs at ONE operator, limit 5: exactly 5 verifications per round.</item>
/// </list>
/// PostgreSQL comes from <c>POSAUTH_TEST_POSTGRES</c> (<c>eval "$(bash eng/postgres.sh start)"</c>).
/// </summary>
public static class StorageOverhead
{
    private const string Pin = "730194";
    private const int Block = 20;
    private const int Warmup = 200;

    public static int Run(string[] args)
    {
        (int pairs, string? outFile) = Paired.PairedRatios.ParseArgs(args, 30);
        string? pg = Environment.GetEnvironmentVariable("POSAUTH_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(pg))
        {
            Console.Error.WriteLine("POSAUTH_TEST_POSTGRES is not set: start a server with eval \"$(bash eng/postgres.sh start)\".");
            return 2;
        }

        var report = new StringBuilder();
        report.AppendLine("# Storage overhead (issue 13)").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores; {pairs} interleaved pairs of blocks of {Block} operations; ratio = median over pairs of (candidate block / baseline block), [p10, p90] of the pair ratios.")
            .AppendLine().AppendLine("`dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --storage " + pairs.ToString(CultureInfo.InvariantCulture) + "` (PostgreSQL 15 from `eng/postgres.sh`, same machine, TCP on 127.0.0.1)").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Load average at the start (shared machine): {LoadAverage()}. The verdict is on the median pair ratio; the ratio of the fastest blocks (least disturbed by other processes) is shown next to it.")
            .AppendLine()
            .AppendLine("| comparison | baseline per op | candidate per op | ratio (median) | p10..p90 | ratio of fastest blocks | target | verdict |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");

        string directory = Path.Combine(Path.GetTempPath(), "posauth-storage-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            // The sign-in row runs on a file of its own, as a terminal's is: one operator's records, the subject and the
            // terminal throttle on one page. The charge row leaves 2,000 records (1,000 subjects on 1,000 terminals) in
            // its file; a sign-in there is shown as context: its subject and throttle records sit on different leaves,
            // so each commit writes one page more.
            string signInFile = Path.Combine(directory, "sign-in.db");
            using (ServiceProvider sqlite = Build(s => s.AddPosAuth(Options).UseSqlite(signInFile).WithoutHostSignOn(), out _))
            using (SqliteConnection bare = OpenBareSqlite(signInFile))
            {
                IOperatorAuthenticator auth = sqlite.GetRequiredService<IOperatorAuthenticator>();
                Row(report, "SQLite: sign-in without the KDF vs one bare durable single-row commit (same file)", pairs,
                    () => BareSqliteCommit(bare), () => SignIn(auth, "T0001", "01"));
            }

            string chargeFile = Path.Combine(directory, "charges.db");
            using (ServiceProvider sqlite = Build(s => s.AddPosAuth(Options).UseSqlite(chargeFile).WithoutHostSignOn(), out _))
            using (SqliteConnection bare = OpenBareSqlite(chargeFile))
            {
                IOperatorAuthenticator auth = sqlite.GetRequiredService<IOperatorAuthenticator>();
                Row(report, "SQLite: one charge (subject + throttle, one commit) vs one bare durable single-row commit (same file)", pairs,
                    () => BareSqliteCommit(bare), Charger(sqlite.GetRequiredService<ILockoutPolicy>()));
                Row(report, "SQLite, context: the same sign-in on the charge row's file (2,000 attempt records; subject and throttle on different pages) vs the bare commit", pairs,
                    () => BareSqliteCommit(bare), () => SignIn(auth, "T0001", "01"), target: null);
            }

            string site = "B" + Guid.NewGuid().ToString("N")[..12];
            using (ServiceProvider postgres = Build(s => s.AddPosAuth(Options).UsePostgreSql(pg, site).WithoutHostSignOn(), out _))
            using (var data = NpgsqlDataSource.Create(pg))
            {
                IOperatorAuthenticator auth = postgres.GetRequiredService<IOperatorAuthenticator>();
                SignIn(auth, "T0001", "01"); // migrates the schema
                Exec(data, "CREATE TABLE IF NOT EXISTS posauth_bench (id integer PRIMARY KEY, v bigint NOT NULL); INSERT INTO posauth_bench VALUES (1, 0) ON CONFLICT DO NOTHING");
                Row(report, "PostgreSQL: one charge (subject + throttle, one statement) vs one bare single-row commit round trip (same server)", pairs,
                    () => Exec(data, "UPDATE posauth_bench SET v = v + 1 WHERE id = 1"), Charger(postgres.GetRequiredService<ILockoutPolicy>()));
                // The sign-in is awaited, as a checkout app awaits it (a block of calls in one async loop); a thread
                // blocked on each call until its last reply arrives costs a wake-up per call on top, shown below.
                Row(report, "PostgreSQL: sign-in without the KDF vs one bare single-row commit round trip (same server)", pairs,
                    () => Exec(data, "UPDATE posauth_bench SET v = v + 1 WHERE id = 1"), Awaited(() => SignInAsync(auth, "T0001", "01")));
                Row(report, "PostgreSQL, context: the same sign-in with a thread blocked on each call (sync over async) vs the bare round trip", pairs,
                    () => Exec(data, "UPDATE posauth_bench SET v = v + 1 WHERE id = 1"), () => SignIn(auth, "T0001", "01"), target: null);

                // Context, not a target: what asynchronous I/O (the stores' mode) costs per round trip on this machine.
                Row(report, "PostgreSQL, context: the same bare commit with ExecuteNonQueryAsync (the stores' I/O mode) vs synchronous", pairs,
                    () => Exec(data, "UPDATE posauth_bench SET v = v + 1 WHERE id = 1"), () => ExecAsync(data, "UPDATE posauth_bench SET v = v + 1 WHERE id = 1"), target: null);
            }

            report.AppendLine().AppendLine("## 16 concurrent lanes of one site on PostgreSQL (PerSite)").AppendLine();
            Throughput(report, pg);
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
                // A temp folder left behind is harmless.
            }
        }

        Console.WriteLine(report.ToString());
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report.ToString());
        }

        return 0;
    }

    private static void Options(PosAuthOptions o)
    {
        o.Lockout.Scope = LockoutScope.PerSite;
        o.Lockout.MaxFailures = 5;
    }

    private static void Throughput(StringBuilder report, string pg)
    {
        const int Lanes = 16;
        const int PerLane = 150;
        string site = "B" + Guid.NewGuid().ToString("N")[..12];
        string connection = new NpgsqlConnectionStringBuilder(pg) { MaxPoolSize = Lanes + 4 }.ConnectionString;
        using ServiceProvider provider = Build(s => s.AddPosAuth(Options).UsePostgreSql(connection, site).WithoutHostSignOn(), out InstantHasher hasher, operators: Lanes);
        IOperatorAuthenticator auth = provider.GetRequiredService<IOperatorAuthenticator>();
        for (int lane = 0; lane < Lanes; lane++)
        {
            SignIn(auth, Terminal(lane), OperatorOf(lane)); // warm the pool
        }

        // (a) Every lane signs in its own operator (right PIN) as fast as it can: a charge and an outcome commit each.
        long verificationsBefore = hasher.Verifications;
        var watch = Stopwatch.StartNew();
        Task[] lanes = [.. Enumerable.Range(0, Lanes).Select(lane => Task.Run(async () =>
        {
            for (int i = 0; i < PerLane; i++)
            {
                AuthenticationResult r = await auth.AuthenticateAsync(Terminal(lane), OperatorOf(lane), Pin.AsMemory());
                if (!r.Succeeded)
                {
                    throw new InvalidOperationException("A throughput sign-in did not succeed: " + r.Outcome);
                }
            }
        }))];
        Task.WaitAll(lanes);
        watch.Stop();
        long verifications = hasher.Verifications - verificationsBefore;
        int total = Lanes * PerLane;
        Check(verifications == total, $"{verifications} verifications for {total} sign-ins");
        double perSecond = total / watch.Elapsed.TotalSeconds;

        // (b) Every lane fires 16 concurrent wrong PINs at ONE operator, limit 5: the site's budget, exact under load.
        const int Rounds = 10;
        var counts = new List<long>();
        IOperatorStore store = provider.GetRequiredService<IOperatorStore>();
        IAttemptStore attempts = provider.GetRequiredService<IAttemptStore>();
        var wrongWatch = Stopwatch.StartNew();
        for (int round = 0; round < Rounds; round++)
        {
            string target = "X" + round.ToString("D2", CultureInfo.InvariantCulture);
            Check(Infrastructure.Sync.Wait(store.TryCreateAsync(new OperatorAccount { OperatorId = target, Role = OperatorRole.Operator, PinHash = hasher.Hash(Pin) })), "create " + target);
            long before = hasher.Verifications;
            Task<AuthenticationResult>[] guesses = [.. Enumerable.Range(0, Lanes * 16).Select(i => Task.Run(async () => await auth.AuthenticateAsync(Terminal(i % Lanes), target, "999999".AsMemory())))];
            Task.WaitAll(guesses);
            counts.Add(hasher.Verifications - before);
            int stored = Infrastructure.Sync.Wait(attempts.GetAsync(AttemptKey.ForSite(target), default))!.FailureCount;
            Check(hasher.Verifications - before == 5 && stored == 5, $"round {round}: {hasher.Verifications - before} verifications, {stored} failures stored (limit 5)");
        }

        wrongWatch.Stop();
        report.AppendLine("| measurement | figure |").AppendLine("|---|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| sign-ins (charge + outcome commit), 16 lanes × {PerLane}, own operators | {perSecond:F0} /s ({total} in {watch.Elapsed.TotalSeconds:F2} s) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| charges per second (one per sign-in) | {perSecond:F0} /s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| verifications counted / sign-ins | {verifications} / {total} (exact) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| 16 lanes × 16 concurrent wrong PINs at one operator, limit 5, {Rounds} rounds: verifications per round | {string.Join(",", counts)} (exactly 5 each; {Rounds * Lanes * 16} guesses in {wrongWatch.Elapsed.TotalSeconds:F2} s) |");
    }

    /// <summary>
    /// A charge of a wrong guess through the registered policy, rotating over 1,000 subjects on 1,000 terminals (each
    /// charged at most 4 times in a run of up to 100 pairs with the warm-up, under the limit of 5 and the terminal throttle): every call reads the subject and the
    /// throttle records and writes both in one commit. Each subject is charged once first, so the timed calls are updates.
    /// </summary>
    private static Action Charger(ILockoutPolicy policy)
    {
        const int Subjects = 1000;
        string run = Guid.NewGuid().ToString("N")[..4];
        LockoutSubject[] subjects = [.. Enumerable.Range(0, Subjects).Select(i => new LockoutSubject(
            "C" + run + i.ToString("D4", CultureInfo.InvariantCulture), "C" + run + i.ToString("D4", CultureInfo.InvariantCulture), OperatorRole.Operator))];
        foreach (LockoutSubject subject in subjects)
        {
            Check(Infrastructure.Sync.Wait(policy.TryChargeAsync(subject, default)).IsAllowed, "first charge");
        }

        int next = 0;
        return () => Check(Infrastructure.Sync.Wait(policy.TryChargeAsync(subjects[next++ % Subjects], default)).IsAllowed, "charge allowed");
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

    private static string Terminal(int lane) => "L" + lane.ToString("D2", CultureInfo.InvariantCulture);

    private static string OperatorOf(int lane) => "O" + lane.ToString("D2", CultureInfo.InvariantCulture);

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Not exact: " + what);
        }
    }

    private static void Row(StringBuilder report, string name, int pairs, Action baseline, Action candidate, double? target = 2.5) =>
        Row(report, name, pairs, baseline, Calls(candidate), target);

    private static void Row(StringBuilder report, string name, int pairs, Action baseline, Func<int, double> candidate, double? target = 2.5)
    {
        Func<int, double> baselineBlock = Calls(baseline);
        // Warm-up to the steady state of a long-running terminal process: tiered JIT (the sign-in path is promoted after
        // 30 calls and recompiled in the background), Npgsql's automatic preparation (a statement's fifth use) and the
        // pool. With 3 warm-up calls, as before, the first blocks ran partly unoptimised code and the PostgreSQL sign-in
        // measured 2.1 ms in blocks where a warm one takes 0.7 ms. Cold start is measured on its own (cold-start.sh).
        for (int i = 0; i < Warmup; i++)
        {
            baselineBlock(1);
            candidate(1);
        }

        var ratios = new List<double>();
        double baseTotal = 0, candTotal = 0, baseMin = double.MaxValue, candMin = double.MaxValue;
        for (int p = 0; p < pairs; p++)
        {
            bool baselineFirst = (p & 1) == 0;
            double a = 0, b = 0;
            if (baselineFirst)
            {
                a = baselineBlock(Block);
                b = candidate(Block);
            }
            else
            {
                b = candidate(Block);
                a = baselineBlock(Block);
            }

            baseTotal += a;
            candTotal += b;
            baseMin = Math.Min(baseMin, a);
            candMin = Math.Min(candMin, b);
            ratios.Add(b / a);
        }

        ratios.Sort();
        double median = Quantile(ratios, 0.5);
        string verdict = target is not { } t ? "context" : median <= t ? "met" : "NOT met";
        string goal = target is { } g ? FormattableString.Invariant($"≤ {g}×") : "none";
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {baseTotal / pairs / Block * 1000:F0} µs | {candTotal / pairs / Block * 1000:F0} µs | {median:F2}× | {Quantile(ratios, 0.1):F2}..{Quantile(ratios, 0.9):F2} | {candMin / baseMin:F2}× ({baseMin / Block * 1000:F0} / {candMin / Block * 1000:F0} µs) | {goal} | {verdict} |");
        Console.Error.WriteLine(FormattableString.Invariant($"{name}: {median:F2}x"));
    }

    /// <summary>Times <c>n</c> calls one after another (milliseconds).</summary>
    private static Func<int, double> Calls(Action call) => n =>
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    };

    /// <summary>Times <c>n</c> calls awaited one after another in one async loop (milliseconds).</summary>
    private static Func<int, double> Awaited(Func<ValueTask> call) => n =>
    {
        long start = Stopwatch.GetTimestamp();
        Infrastructure.Sync.Wait(Loop(call, n));
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    };

    private static async ValueTask Loop(Func<ValueTask> call, int n)
    {
        for (int i = 0; i < n; i++)
        {
            await call().ConfigureAwait(false);
        }
    }

    private static double Quantile(List<double> sorted, double q)
    {
        double index = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(index);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (index - lo));
    }

    private static async ValueTask SignInAsync(IOperatorAuthenticator auth, string terminal, string operatorId) =>
        EnsureSucceeded(await auth.AuthenticateAsync(terminal, operatorId, Pin.AsMemory()).ConfigureAwait(false));

    private static void SignIn(IOperatorAuthenticator auth, string terminal, string operatorId) =>
        EnsureSucceeded(Infrastructure.Sync.Wait(auth.AuthenticateAsync(terminal, operatorId, Pin.AsMemory())));

    private static void EnsureSucceeded(AuthenticationResult r)
    {
        if (!r.Succeeded)
        {
            throw new InvalidOperationException("The benchmark sign-in did not succeed: " + r.Outcome);
        }
    }

    private static SqliteConnection OpenBareSqlite(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        connection.Open();
        foreach (string sql in new[]
        {
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA busy_timeout = 5000",
            "CREATE TABLE IF NOT EXISTS posauth_bench (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO posauth_bench VALUES (1, 0)",
        })
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return connection;
    }

    private static void BareSqliteCommit(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE posauth_bench SET v = v + 1 WHERE id = 1";
        command.ExecuteNonQuery();
    }

    private static void Exec(NpgsqlDataSource data, string sql)
    {
        using NpgsqlCommand command = data.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    private static void ExecAsync(NpgsqlDataSource data, string sql)
    {
        using NpgsqlCommand command = data.CreateCommand(sql);
        Infrastructure.Sync.Wait(new ValueTask<int>(command.ExecuteNonQueryAsync()));
    }

    private static ServiceProvider Build(Action<IServiceCollection> register, out InstantHasher hasher, int operators = 1)
    {
        var services = new ServiceCollection();
        register(services);
        var instant = new InstantHasher();
        services.Replace(ServiceDescriptor.Singleton<IPinHasher>(sp =>
        {
            instant.Inner = new Pbkdf2PinHasher(sp.GetRequiredService<IOptions<Pbkdf2PinHasherOptions>>().Value);
            return instant;
        }));
        ServiceProvider provider = services.BuildServiceProvider();
        IPinHasher h = provider.GetRequiredService<IPinHasher>();
        string stored = h.Hash(Pin);
        IOperatorStore store = provider.GetRequiredService<IOperatorStore>();
        for (int i = 0; i < operators; i++)
        {
            string id = operators == 1 ? "01" : OperatorOf(i);
            if (!Infrastructure.Sync.Wait(store.TryCreateAsync(new OperatorAccount { OperatorId = id, Role = OperatorRole.Operator, PinHash = stored })))
            {
                throw new InvalidOperationException("Could not create the benchmark operator.");
            }
        }

        hasher = instant;
        return provider;
    }

    /// <summary>The real hasher for hashing and inspection; Verify without the KDF (a constant-time compare of the PIN), counted.</summary>
    private sealed class InstantHasher : IPinHasher
    {
        private long _verifications;

        public IPinHasher Inner { get; set; } = null!;

        public long Verifications => Interlocked.Read(ref _verifications);

        public string Hash(ReadOnlySpan<char> pin) => Inner.Hash(pin);

        public PinVerificationResult Verify(string storedHash, ReadOnlySpan<char> pin)
        {
            Interlocked.Increment(ref _verifications);
            return pin.SequenceEqual(Pin) ? PinVerificationResult.Success : PinVerificationResult.Failed;
        }

        public PinHashInspection Inspect(string storedHash) => Inner.Inspect(storedHash);
    }
}
