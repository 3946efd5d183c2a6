using System.Globalization;
using System.Text;
using PosAuth.Hashing;
using PosAuth.Hashing.Argon2;

namespace PosAuth.Benchmarks.Paired;

/// <summary>
/// <c>--argon2 [pairs] [--out file.md]</c> (issue 16): one verification with <see cref="Argon2idPinHasher"/> at the
/// defaults (m = 19 MiB, t = 2, p = 1) against <see cref="Pbkdf2PinHasher"/> at the defaults (PBKDF2-HMAC-SHA512,
/// 220,000), in one run: time paired and interleaved as in <see cref="PairedRatios"/> (thread CPU time on Linux), and
/// peak memory per call: the process's peak resident set (<c>VmHWM</c>, reset before each call by writing 5 to
/// <c>/proc/self/clear_refs</c>) minus its resident set just before the call; the managed bytes allocated per call too.
/// A third row: the hasher a vendor runs while migrating (writes Argon2id, still reads PBKDF2), which pays both runs on
/// every verification (the constant-cost rule).
/// </summary>
public static class Argon2idVsPbkdf2
{
    private const string Pin = "730194";

    public static int Run(string[] args)
    {
        (int pairs, string? outFile) = PairedRatios.ParseArgs(args, 20);
        var pbkdf2 = new Pbkdf2PinHasher();
        var argon2 = new Argon2idPinHasher();
        var migrating = new Argon2idPinHasher(new Argon2idPinHasherOptions(), null, new Pbkdf2PinHasherOptions());
        string pbkdf2Hash = pbkdf2.Hash(Pin);
        string argon2Hash = argon2.Hash(Pin);
        string migratingHash = migrating.Hash(Pin);
        if (pbkdf2.Verify(pbkdf2Hash, Pin) != PinVerificationResult.Success || argon2.Verify(argon2Hash, Pin) != PinVerificationResult.Success
            || migrating.Verify(migratingHash, Pin) != PinVerificationResult.Success)
        {
            throw new InvalidOperationException("A hasher does not verify its own hash.");
        }

        Action baseline = () => pbkdf2.Verify(pbkdf2Hash, Pin);
        (string Name, Action Call)[] candidates =
        [
            ("Argon2idPinHasher.Verify, m=19456 KiB, t=2, p=1", () => argon2.Verify(argon2Hash, Pin)),
            ("while migrating: writes Argon2id, reads PBKDF2 too", () => migrating.Verify(migratingHash, Pin)),
        ];

        bool peakMeasured = TryResetPeak();
        var rows = new List<(string Name, PairedRatios.Outcome Outcome, double PeakMiB, double BaselinePeakMiB)>();
        foreach ((string name, Action call) in candidates)
        {
            Console.Error.WriteLine($"argon2: {name} ({pairs} pairs)...");
            PairedRatios.Outcome outcome = PairedRatios.Measure(
                new PairedRatios.Comparison(name, "report", "Pbkdf2PinHasher.Verify, SHA-512, 220,000", baseline, name, call, 0, double.PositiveInfinity),
                pairs);
            rows.Add((name, outcome, MedianPeakMiB(call, peakMeasured), MedianPeakMiB(baseline, peakMeasured)));
        }

        string report = Render(rows, pairs, peakMeasured);
        Console.WriteLine(report);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report);
        }

        return 0;
    }

    private static double MedianPeakMiB(Action call, bool measured)
    {
        if (!measured)
        {
            return double.NaN;
        }

        double[] peaks = new double[7];
        for (int i = 0; i < peaks.Length; i++)
        {
            long before = StatusKiB("VmRSS:");
            TryResetPeak();
            call();
            peaks[i] = Math.Max(0, StatusKiB("VmHWM:") - before) / 1024.0;
        }

        Array.Sort(peaks);
        return peaks[peaks.Length / 2];
    }

    private static bool TryResetPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return StatusKiB("VmHWM:") > 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long StatusKiB(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static string Render(List<(string Name, PairedRatios.Outcome Outcome, double PeakMiB, double BaselinePeakMiB)> rows, int pairs, bool peakMeasured)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Argon2id at the defaults vs PBKDF2-HMAC-SHA512 at 220,000: one Verify each, in one run. Time paired and interleaved ({pairs} pairs, order randomised per pair; median of per-pair ratios, bootstrap 95% CI); time = {(PairedRatios.UseCpuTime ? "thread CPU time (CLOCK_THREAD_CPUTIME_ID)" : "wall-clock time")}. Peak memory per call = peak resident set (VmHWM, reset before each call) minus the resident set before it, median of 7{(peakMeasured ? "" : " (not available on this OS)")}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Command: `dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --argon2 {pairs}`");
        s.AppendLine();
        s.AppendLine("| candidate | PBKDF2 (baseline) | candidate | ratio (95% CI) | peak memory PBKDF2 | peak memory candidate | managed bytes/call PBKDF2 | managed bytes/call candidate |");
        s.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach ((string name, PairedRatios.Outcome o, double peak, double basePeak) in rows)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {o.BaselineMs:0.0} ms | {o.CandidateMs:0.0} ms | {o.Ratio:0.000} ({o.Low:0.000}–{o.High:0.000}) | {basePeak:0.0} MiB | {peak:0.0} MiB | {o.BaselineBytes} | {o.CandidateBytes} |");
        }

        return s.ToString();
    }
}
