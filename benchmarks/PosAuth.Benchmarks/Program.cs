using BenchmarkDotNet.Running;
using PosAuth.Benchmarks.Infrastructure;

// Any subset from the command line, for example:
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*Rejections*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*' --job Dry     (smoke: one invocation each)
// Settings of the default job: see Infrastructure/PosAuthBenchmarkConfig.cs and benchmarks/README.md.
BenchmarkSwitcher.FromAssembly(typeof(PosAuthBenchmarkConfig).Assembly).Run(args, PosAuthBenchmarkConfig.Create(args));
