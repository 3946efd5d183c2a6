using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PosAuth.Benchmarks.Infrastructure;

/// <summary>
/// The configuration every run uses. The default job is sized so that the whole suite finishes in about
/// 10 minutes on a 2-core machine while keeping ratios of KDF-bound benchmarks (about 100 ms each) stable
/// to well under 1%:
/// <list type="bullet">
/// <item>in-process toolchain (no per-benchmark project generation and build, which costs minutes on 2 cores);</item>
/// <item>1 launch, 5 warm-up iterations, 20 measured iterations, 400 ms per iteration (BenchmarkDotNet picks the
/// number of invocations per iteration to fill it: a KDF-bound benchmark gets 2 to 4, a micro path millions);</item>
/// <item>memory diagnoser (allocated bytes per operation) and the median and ops/s columns next to the mean.</item>
/// </list>
/// Passing <c>--job ...</c> on the command line (for example <c>--job Dry</c>) replaces this job.
/// </summary>
public static class PosAuthBenchmarkConfig
{
    public static IConfig Create(string[] args)
    {
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond)
            .AddExporter(MarkdownExporter.GitHub)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOptions(ConfigOptions.DisableLogFile);

        // Every job, including one given with --job, runs in process.
        config.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());

        bool jobOnCommandLine = args.Any(a => a.Equals("--job", StringComparison.OrdinalIgnoreCase) || a.Equals("-j", StringComparison.Ordinal));
        if (!jobOnCommandLine)
        {
            config.AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(20)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(400))
                .WithId("PosAuth"));
        }

        return config;
    }
}
