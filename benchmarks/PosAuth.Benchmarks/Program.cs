using BenchmarkDotNet.Running;
using PosAuth.Benchmarks.Infrastructure;

// Any subset from the command line, for example:
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*Rejections*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*' --job Dry     (smoke: one invocation each)
// Settings of the default job: see Infrastructure/PosAuthBenchmarkConfig.cs and benchmarks/README.md.
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --paired 40 --out benchmarks/results/paired-ratios.md
//     (interleaved baseline/candidate pairs for the KDF-bound ratios; see Paired/PairedRatios.cs)
//   bash benchmarks/cold-start.sh     (publishes JIT / ReadyToRun / NativeAOT, then runs --coldstart DIR; see ColdStart/)
if (args.Length > 0 && args[0] == "--paired")
{
    return PosAuth.Benchmarks.Paired.PairedRatios.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--coldstart")
{
    return PosAuth.Benchmarks.ColdStart.ColdStartLauncher.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PosAuthBenchmarkConfig).Assembly).Run(args, PosAuthBenchmarkConfig.Create(args));
return 0;
