using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PosAuth.Benchmarks.Rejections;
using PosAuth.Benchmarks.SignIn;
using PosAuth.Benchmarks.Verify;

namespace PosAuth.Benchmarks.Paired;

/// <summary>
/// <c>--paired [pairs] [--out file.md]</c>: a paired, interleaved measurement of the KDF-bound ratios, next to
/// BenchmarkDotNet's. On a shared 2-core VM one PBKDF2 verification (about 0.25 s here) varies by up to 2x from one
/// call to the next (CPU steal), so BenchmarkDotNet's mean of sequential runs cannot resolve a 1% target. Here each
/// pair runs the baseline and the candidate back to back (order randomised), the ratio is taken per pair, and the
/// median of those ratios is reported with a bootstrap 95% confidence interval. Allocated bytes per call come from
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around each call. The same benchmark classes (and set-ups) as
/// the BenchmarkDotNet run are used.
/// </summary>
public static class PairedRatios
{
    internal sealed record Comparison(string Name, string Target, string BaselineName, Action Baseline, string CandidateName, Action Candidate, double TargetLow, double TargetHigh);

    internal sealed record Outcome(Comparison Comparison, double BaselineMs, double CandidateMs, double Ratio, double Low, double High, double DeltaUs, long BaselineBytes, long CandidateBytes, string Verdict);

    /// <summary>Reads <c>[pairs] [--out file.md]</c>.</summary>
    internal static (int Pairs, string? OutFile) ParseArgs(string[] args, int defaultPairs)
    {
        int pairs = defaultPairs;
        string? outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                outFile = args[++i];
            }
            else if (int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 5)
            {
                pairs = n;
            }
        }

        return (pairs, outFile);
    }

    public static int Run(string[] args)
    {
        (int pairs, string? outFile) = ParseArgs(args, 40);

        var rawPlain = new VerifyVsRawPrimitive { Peppered = false };
        rawPlain.Setup();
        var rawPepper = new VerifyVsRawPrimitive { Peppered = true };
        rawPepper.Setup();
        var identity = new VerifyVsAspNetIdentity();
        identity.Setup();
        var signIn = new SignInPath();
        signIn.Setup();
        var rejections = new Rejections.Rejections();
        rejections.Setup();

        Comparison[] comparisons =
        [
            new("VerifyVsRawPrimitive (no pepper)", "ratio <= 1.01, bytes equal", "raw Pbkdf2 + FixedTimeEquals", () => _ = rawPlain.RawPbkdf2(), "Pbkdf2PinHasher.Verify", () => _ = rawPlain.PosAuthVerify(),
                0, 1.01),
            new("VerifyVsRawPrimitive (pepper)", "ratio <= 1.01, bytes equal", "raw HMAC pepper + Pbkdf2 + FixedTimeEquals", () => _ = rawPepper.RawPbkdf2(), "Pbkdf2PinHasher.Verify (pepper)", () => _ = rawPepper.PosAuthVerify(),
                0, 1.01),
            new("VerifyVsAspNetIdentity", "ratio <= 1.0, fewer bytes", "Identity VerifyHashedPassword (v3)", () => _ = identity.Identity(), "Pbkdf2PinHasher.Verify", () => _ = identity.PosAuthVerify(),
                0, 1.0),
            new("SignInPath (in-memory)", "ratio <= 1.02", "raw Pbkdf2 + FixedTimeEquals", () => _ = signIn.RawVerify(), "AuthenticateAsync, in-memory", () => _ = signIn.InMemory(),
                0, 1.02),
            new("SignInPath (SQLite vs in-memory)", "report the added µs", "AuthenticateAsync, in-memory", () => _ = signIn.InMemory(), "AuthenticateAsync, SQLite", () => _ = signIn.Sqlite(),
                0, double.PositiveInfinity),
            new("Rejections (unknown vs wrong PIN)", "ratio within 0.90..1.10", "wrong PIN, known operator", () => _ = rejections.WrongPinKnownOperator(), "unknown operator", () => _ = rejections.UnknownOperatorPin(),
                0.90, 1.10),
        ];

        var outcomes = new List<Outcome>();
        foreach (Comparison c in comparisons)
        {
            Console.Error.WriteLine($"paired: {c.Name} ({pairs} pairs)...");
            outcomes.Add(Measure(c, pairs));
        }

        signIn.Cleanup();
        string report = Render(outcomes, pairs);
        Console.WriteLine(report);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report);
        }

        return 0;
    }

    internal static Outcome Measure(Comparison c, int pairs)
    {
        for (int i = 0; i < 2; i++)
        {
            c.Baseline();
            c.Candidate();
        }

        var random = new Random(8);
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        long bytesA = 0;
        long bytesB = 0;
        for (int i = 0; i < pairs; i++)
        {
            if (random.Next(2) == 0)
            {
                (a[i], long ba) = Time(c.Baseline);
                (b[i], long bb) = Time(c.Candidate);
                bytesA += ba;
                bytesB += bb;
            }
            else
            {
                (b[i], long bb) = Time(c.Candidate);
                (a[i], long ba) = Time(c.Baseline);
                bytesA += ba;
                bytesB += bb;
            }
        }

        double[] ratios = a.Zip(b, (x, y) => y / x).ToArray();
        double[] deltas = a.Zip(b, (x, y) => (y - x) * 1000).ToArray(); // ms -> µs
        double ratio = Median(ratios);
        (double low, double high) = BootstrapMedian(ratios);
        // "met": the whole CI lies inside the target; "missed": the whole CI lies outside; otherwise timing cannot tell.
        string verdict = double.IsPositiveInfinity(c.TargetHigh) ? "reported"
            : low >= c.TargetLow && high <= c.TargetHigh ? "met"
            : high < c.TargetLow || low > c.TargetHigh ? "missed"
            : "not resolved (CI spans the target)";
        return new Outcome(c, Median(a), Median(b), ratio, low, high, Median(deltas), bytesA / pairs, bytesB / pairs, verdict);
    }

    internal static (double Ms, long Bytes) Time(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        double cpuStart = ThreadCpuMs();
        action();
        double cpu = ThreadCpuMs() - cpuStart;
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (UseCpuTime ? cpu : ms, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// On Linux the time of a call is this thread's CPU time (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, ns
    /// resolution): time spent waiting for a core (other processes on the 2 cores, hypervisor steal) is not counted,
    /// which is most of the noise on this machine. Elsewhere it is wall-clock time.
    /// </summary>
    internal static readonly bool UseCpuTime = OperatingSystem.IsLinux() && ThreadCpuMs() >= 0;

    private static double ThreadCpuMs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        try
        {
            return clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out Timespec t) == 0 ? (t.Seconds * 1e3) + (t.Nanoseconds / 1e6) : -1;
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
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

    private static string Render(List<Outcome> outcomes, int pairs)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Paired interleaved ratios ({pairs} pairs each, order randomised per pair; median of per-pair ratios, bootstrap 95% CI); time = {(UseCpuTime ? "thread CPU time (CLOCK_THREAD_CPUTIME_ID)" : "wall-clock time")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Command: `dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --paired {pairs}`");
        s.AppendLine();
        s.AppendLine("| comparison | target | baseline | median | candidate | median | ratio (95% CI) | candidate - baseline | bytes/call baseline | bytes/call candidate | timing verdict |");
        s.AppendLine("|---|---|---|---:|---|---:|---|---:|---:|---:|---|");
        foreach (Outcome o in outcomes)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {o.Comparison.Name} | {o.Comparison.Target} | {o.Comparison.BaselineName} | {o.BaselineMs:0.0} ms | {o.Comparison.CandidateName} | {o.CandidateMs:0.0} ms | {o.Ratio:0.000} ({o.Low:0.000}–{o.High:0.000}) | {o.DeltaUs:+0;-0} µs | {o.BaselineBytes} | {o.CandidateBytes} | {o.Verdict} |");
        }

        return s.ToString();
    }
}
