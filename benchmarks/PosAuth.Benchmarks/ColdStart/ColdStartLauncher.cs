using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PosAuth.Benchmarks.ColdStart;

/// <summary>
/// <c>--coldstart DIR [--rounds N] [--demo-rounds N] [--out file.md]</c>: whole-process cold start of the same app
/// published three ways (JIT, ReadyToRun, NativeAOT), side by side in one run. DIR is what
/// <c>benchmarks/cold-start.sh</c> publishes: <c>DIR/coldstart/{jit,r2r,aot}/PosAuth.ColdStart</c> and
/// <c>DIR/demo/{jit,r2r,aot}/PosAuth.Demo</c> and <c>DIR/cli/{jit,r2r,aot}/PosAuth.Cli</c>. Each round runs every mode once in a random order (so load on the
/// shared machine falls on all modes alike) and the ratio to JIT is taken per round; medians with a bootstrap 95%
/// confidence interval are reported. Times are wall clock from just before <c>posix_spawn</c>: to the first line of
/// output (the sign-in result) and to the reaping of the process; peak RSS and CPU time come from <c>wait4</c>.
/// </summary>
public static class ColdStartLauncher
{
    private static readonly string[] Modes = ["jit", "r2r", "aot"];

    private static readonly Dictionary<string, string> ModeNames = new()
    {
        ["jit"] = "JIT (framework-dependent, IL)",
        ["r2r"] = "ReadyToRun (framework-dependent)",
        ["aot"] = "NativeAOT",
    };

    private const double AotTargetMs = 30;
    private const double AotTargetRatio = 0.2;

    private sealed record Series(string Name, string Description, string App, Func<string, string[]> Arguments, int Rounds, bool ResultLine, string? ExpectedFirstLine);

    private sealed record Stats(double Median, double Low, double High, double P10, double P90);

    public static int Run(string[] args)
    {
        string? dir = null;
        string? outFile = null;
        int rounds = 30;
        int demoRounds = 6;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                case "--rounds" when i + 1 < args.Length:
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--demo-rounds" when i + 1 < args.Length:
                    demoRounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    dir = args[i];
                    break;
            }
        }

        if (dir is null || !Directory.Exists(Path.Combine(dir, "coldstart")))
        {
            Console.Error.WriteLine("usage: --coldstart DIR [--rounds N] [--demo-rounds N] [--out file.md]   (DIR from benchmarks/cold-start.sh)");
            return 2;
        }

        dir = Path.GetFullPath(dir);
        string diskDb = Path.Combine(dir, "db");
        string tmpfsDb = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"posauth-coldstart-{Environment.ProcessId}");
        Directory.CreateDirectory(diskDb);
        Directory.CreateDirectory(tmpfsDb);
        try
        {
            var series = new List<Series>
            {
                new("sign-in, SQLite on disk", "process start → first sign-in result, SQLite file on the VM's ext4 disk (every commit fsync'ed: WAL, synchronous=FULL)",
                    "coldstart", m => ["--db", Path.Combine(diskDb, m + ".db")], rounds, ResultLine: true, "succeeded"),
                new("sign-in, SQLite on tmpfs", "the same with the SQLite file on tmpfs (/dev/shm): start-up without the disk's flush latency",
                    "coldstart", m => ["--db", Path.Combine(tmpfsDb, m + ".db")], rounds, ResultLine: true, "succeeded"),
            };
            if (Directory.Exists(Path.Combine(dir, "demo")) && demoRounds > 0)
            {
                series.Add(new("demo terminal, whole scripted flow", "samples/PosAuth.Demo, the whole narrated scenario on SQLite on disk (--lang en), start to exit",
                    "demo", m => ["--db", Path.Combine(diskDb, "demo-" + m + ".db"), "--lang", "en"], demoRounds, ResultLine: false, null));
            }

            if (Directory.Exists(Path.Combine(dir, "cli")))
            {
                series.Add(new("posauth explain", "the posauth tool: process start → the answer of `posauth explain 77 --source cup --lang en` (no storage)",
                    "cli", _ => ["explain", "77", "--source", "cup", "--lang", "en"], rounds, ResultLine: true, null));
            }

            string loadBefore = LoadAverage();
            DateTimeOffset started = TimeProvider.System.GetUtcNow();
            var results = new Dictionary<(string Series, string Mode), List<ChildRun>>();
            var random = new Random(16);
            foreach (Series s in series)
            {
                foreach (string mode in Modes)
                {
                    string app = AppPath(dir, s.App, mode);
                    if (s.App == "coldstart")
                    {
                        Expect(ChildProcess.Run(app, [.. s.Arguments(mode), "--provision"]), s with { ExpectedFirstLine = null }, mode, "provision");
                    }

                    for (int w = 0; w < 2; w++)
                    {
                        Expect(ChildProcess.Run(app, s.Arguments(mode)), s, mode, "warm-up"); // file cache warm, database created
                    }

                    results[(s.Name, mode)] = [];
                }

                Console.Error.WriteLine($"coldstart: {s.Name}, {s.Rounds} rounds...");
                for (int r = 0; r < s.Rounds; r++)
                {
                    foreach (string mode in Modes.OrderBy(_ => random.Next()))
                    {
                        ChildRun run = ChildProcess.Run(AppPath(dir, s.App, mode), s.Arguments(mode));
                        Expect(run, s, mode, "round " + r.ToString(CultureInfo.InvariantCulture));
                        results[(s.Name, mode)].Add(run);
                    }
                }
            }

            string report = Render(dir, series, results, started, loadBefore, LoadAverage());
            Console.WriteLine(report);
            if (outFile is not null)
            {
                File.WriteAllText(outFile, report);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(tmpfsDb, recursive: true);
        }
    }

    private static readonly Dictionary<string, string> AppNames = new()
    {
        ["coldstart"] = "PosAuth.ColdStart",
        ["demo"] = "PosAuth.Demo",
        ["cli"] = "PosAuth.Cli",
    };

    // The native tool is published as `posauth` (eng/Tool.targets); its JIT and ReadyToRun builds keep the apphost name.
    private static string AppPath(string dir, string app, string mode) =>
        Path.Combine(dir, app, mode, app == "cli" && mode == "aot" ? "posauth" : AppNames[app]);

    private static void Expect(ChildRun run, Series s, string mode, string what)
    {
        if (run.ExitCode != 0 || (s.ExpectedFirstLine is not null && run.FirstLine != s.ExpectedFirstLine) || (s.ResultLine && run.FirstLine.Length == 0))
        {
            throw new InvalidOperationException($"{s.Name} / {mode} / {what}: exit {run.ExitCode}, first line '{run.FirstLine}'");
        }
    }

    private static string Render(string dir, List<Series> series, Dictionary<(string Series, string Mode), List<ChildRun>> results, DateTimeOffset started, string loadBefore, string loadAfter)
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.AppendLine("# Cold start: JIT vs ReadyToRun vs NativeAOT");
        sb.AppendLine();
        sb.AppendLine(inv, $"Produced by `bash benchmarks/cold-start.sh` (`PosAuth.Benchmarks --coldstart`), {started:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average before {loadBefore}, after {loadAfter} (the machine is shared).");
        sb.AppendLine();
        sb.AppendLine("Each round runs every mode once, in a random order; a mode's ratio is the median of its per-round ratios to JIT, with a bootstrap 95% CI. Times are wall clock from just before `posix_spawn`; *to result* ends when the child's first output line (the sign-in result) arrives, *to exit* when the child is reaped. Peak RSS (`ru_maxrss`) and CPU (user + system) are the kernel's figures for that child (`wait4`). The KDF is PBKDF2 at its minimum (1,000 iterations), so the figures are start-up, DI, options validation, SQLite open and the durable attempt charge.");
        sb.AppendLine();

        sb.AppendLine("## Published size (linux-x64)");
        sb.AppendLine();
        sb.AppendLine("| app | mode | main binary | whole folder (no .pdb / .dbg / .xml) |");
        sb.AppendLine("|---|---|---:|---:|");
        foreach (string app in AppNames.Keys)
        {
            foreach (string mode in Modes)
            {
                string folder = Path.Combine(dir, app, mode);
                if (!Directory.Exists(folder))
                {
                    continue;
                }

                string main = AppPath(dir, app, mode);
                long total = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => !f.EndsWith(".pdb", StringComparison.Ordinal) && !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.EndsWith(".xml", StringComparison.Ordinal))
                    .Sum(f => new FileInfo(f).Length);
                sb.AppendLine(inv, $"| {AppNames[app]} | {ModeNames[mode]} | {Mb(new FileInfo(main).Length)} | {Mb(total)}{(mode == "aot" ? "" : " + the shared framework")} |");
            }
        }

        sb.AppendLine();
        var verdicts = new List<string>();
        foreach (Series s in series)
        {
            sb.AppendLine(inv, $"## {s.Name} ({s.Rounds} rounds)");
            sb.AppendLine();
            sb.AppendLine(s.Description + ".");
            sb.AppendLine();
            sb.AppendLine(s.ResultLine
                ? "| mode | to result, median (95% CI) | p10 – p90 | ratio to JIT (95% CI) | to exit, median | CPU, median | peak RSS, median |"
                : "| mode | to exit, median (95% CI) | p10 – p90 | ratio to JIT (95% CI) | | CPU, median | peak RSS, median |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            List<ChildRun> jit = results[(s.Name, "jit")];
            Func<ChildRun, double> metric = s.ResultLine ? r => r.FirstLineMs : r => r.ExitMs;
            foreach (string mode in Modes)
            {
                List<ChildRun> runs = results[(s.Name, mode)];
                Stats t = Summarise(runs.Select(metric).ToArray());
                Stats ratio = Summarise(runs.Zip(jit, (a, b) => metric(a) / metric(b)).ToArray());
                double exit = Median(runs.Select(r => r.ExitMs).ToArray());
                double cpu = Median(runs.Select(r => r.CpuMs).ToArray());
                double rss = Median(runs.Select(r => (double)r.PeakRssKb).ToArray());
                sb.AppendLine(inv, $"| {ModeNames[mode]} | **{t.Median:0.0} ms** ({t.Low:0.0}–{t.High:0.0}) | {t.P10:0.0} – {t.P90:0.0} | {(mode == "jit" ? "1 (baseline)" : $"**{ratio.Median:0.000}** ({ratio.Low:0.000}–{ratio.High:0.000})")} | {(s.ResultLine ? exit.ToString("0.0", inv) + " ms" : "")} | {cpu:0.0} ms | {rss / 1024:0.0} MiB |");
                if (mode == "aot" && s.ResultLine)
                {
                    verdicts.Add(string.Create(inv, $"| {s.Name} | NativeAOT to first result <= {AotTargetMs:0} ms | {t.Median:0.0} ms (CI {t.Low:0.0}–{t.High:0.0}) | {Verdict(t.Low, t.High, AotTargetMs)} |"));
                    verdicts.Add(string.Create(inv, $"| {s.Name} | NativeAOT <= {AotTargetRatio}x JIT | {ratio.Median:0.000} (CI {ratio.Low:0.000}–{ratio.High:0.000}) | {Verdict(ratio.Low, ratio.High, AotTargetRatio)} |"));
                }
            }

            sb.AppendLine();
        }

        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("| series | target | measured | verdict |");
        sb.AppendLine("|---|---|---|---|");
        foreach (string v in verdicts)
        {
            sb.AppendLine(v);
        }

        sb.AppendLine();
        sb.AppendLine("Verdict: *met* when the whole 95% CI is at or under the target, *missed* when the whole CI is above it, otherwise *not resolved*.");
        return sb.ToString();
    }

    private static string Verdict(double low, double high, double target) =>
        high <= target ? "met" : low > target ? "missed" : "not resolved (CI spans the target)";

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MiB");

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static Stats Summarise(double[] values)
    {
        double[] sorted = [.. values.Order()];
        (double low, double high) = BootstrapMedian(values);
        return new Stats(Median(values), low, high, Quantile(sorted, 0.1), Quantile(sorted, 0.9));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static (double Low, double High) BootstrapMedian(double[] values)
    {
        var random = new Random(42);
        double[] medians = new double[2000];
        double[] sample = new double[values.Length];
        for (int i = 0; i < medians.Length; i++)
        {
            for (int j = 0; j < sample.Length; j++)
            {
                sample[j] = values[random.Next(values.Length)];
            }

            medians[i] = Median(sample);
        }

        Array.Sort(medians);
        return (medians[(int)(0.025 * medians.Length)], medians[(int)(0.975 * medians.Length) - 1]);
    }
}
