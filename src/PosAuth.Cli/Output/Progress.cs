using System.Globalization;
using System.Security.Cryptography;
using PosAuth.Cli.Commands;

namespace PosAuth.Cli.Output;

/// <summary>
/// A progress line on standard error for slow key derivation (<c>--iterations 10000000</c> takes seconds): shown
/// only when standard error is a terminal and the work has at least <see cref="IterationThreshold"/> iterations,
/// rewritten in place every half second with the percentage (from a short timed probe) or the elapsed seconds,
/// and finished with the time taken. Nothing is shown in pipes and logs.
/// </summary>
internal sealed class Progress : IDisposable
{
    /// <summary>Work with fewer PBKDF2 iterations than this (about half a second) shows no progress.</summary>
    public const int IterationThreshold = 1_000_000;

    private const int ProbeIterations = 20_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly CliContext _context;
    private readonly string _label;
    private readonly TimeSpan? _estimate;
    private readonly long _started;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _finished;

    internal Progress(CliContext context, string label, TimeSpan? estimate)
    {
        _context = context;
        _label = label;
        _estimate = estimate;
        _started = context.Host.Time.GetTimestamp();
        context.Stderr.Write(_label);
        context.Stderr.Flush();
        _timer = context.Host.Time.CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    /// <summary>Starts a progress line for PBKDF2 work of <paramref name="iterations"/>, or returns <see langword="null"/> when none is due.</summary>
    public static Progress? StartIfSlow(CliContext context, string verb, long iterations, HashAlgorithmName prf)
    {
        if (!context.Host.StderrIsTerminal || iterations < IterationThreshold)
        {
            return null;
        }

        TimeSpan? estimate = Probe(context.Host.Time, prf, iterations);
        string about = estimate is { } e ? string.Create(CultureInfo.InvariantCulture, $", about {Math.Max(1, Math.Round(e.TotalSeconds)):0} s") : string.Empty;
        string label = string.Create(CultureInfo.InvariantCulture, $"posauth {context.CommandName}: {verb} ({iterations:N0} iterations{about})...");
        return new Progress(context, label, estimate);
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            TimeSpan elapsed = _context.Host.Time.GetElapsedTime(_started);
            _context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\r{_label} done in {elapsed.TotalSeconds:0.0} s"));
            _context.Stderr.Flush();
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            TimeSpan elapsed = _context.Host.Time.GetElapsedTime(_started);
            // The percentage comes from a probe on a machine whose load changes: it stops at 99% and the seconds keep counting.
            string status = _estimate is { } estimate && estimate > TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"{Math.Min(99, (int)(100 * elapsed.TotalSeconds / estimate.TotalSeconds)),2}%, {(int)elapsed.TotalSeconds} s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalSeconds} s");
            _context.Stderr.Write($"\r{_label} {status}");
            _context.Stderr.Flush();
        }
    }

    /// <summary>Times a short PBKDF2 run on a fixed dummy input and scales it; <see langword="null"/> when the clock shows no time passing.</summary>
    private static TimeSpan? Probe(TimeProvider time, HashAlgorithmName prf, long iterations)
    {
        Span<byte> output = stackalloc byte[32];
        long start = time.GetTimestamp();
        Rfc2898DeriveBytes.Pbkdf2("posauth progress probe"u8, "not a secret salt"u8, output, ProbeIterations, prf);
        TimeSpan probe = time.GetElapsedTime(start);
        return probe > TimeSpan.Zero ? probe * ((double)iterations / ProbeIterations) : null;
    }
}
