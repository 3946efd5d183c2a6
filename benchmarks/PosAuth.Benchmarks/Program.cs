using BenchmarkDotNet.Running;
using PosAuth.Benchmarks.Infrastructure;

// Any subset from the command line, for example:
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*Rejections*'
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --filter '*' --job Dry     (smoke: one invocation each)
// Settings of the default job: see Infrastructure/PosAuthBenchmarkConfig.cs and benchmarks/README.md.
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --paired 40 --out benchmarks/results/paired-ratios.md
//     (interleaved baseline/candidate pairs for the KDF-bound ratios; see Paired/PairedRatios.cs)
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --paired-legacy 40 --out benchmarks/results/paired-legacy-vs-unknown.md
//     (issue 11: wrong PIN against legacy-hash accounts vs an unknown operator; see Paired/LegacyVsUnknownOperator.cs)
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --argon2 20 --out benchmarks/results/argon2id-vs-pbkdf2.md
//     (issue 16: Argon2id at the defaults vs PBKDF2-SHA512 at 220,000, time and peak memory; see Paired/Argon2idVsPbkdf2.cs)
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --storage 30 --out benchmarks/results/storage-overhead.md
//     (issue 13: SQLite and PostgreSQL sign-in overhead vs a bare commit, 16 lanes on PostgreSQL; needs POSAUTH_TEST_POSTGRES)
//   dotnet run -c Release --project benchmarks/PosAuth.Benchmarks -- --fleet 10000 --out benchmarks/results/fleet.md
//     (issue 14: initial sync of 10,000 operators, the sync agent's memory, charges/s with 50 lanes; see Fleet/FleetBenchmark.cs)
//   bash benchmarks/cold-start.sh     (publishes JIT / ReadyToRun / NativeAOT, then runs --coldstart DIR; see ColdStart/)
if (args.Length > 0 && args[0] == "--paired")
{
    return PosAuth.Benchmarks.Paired.PairedRatios.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--paired-legacy")
{
    return PosAuth.Benchmarks.Paired.LegacyVsUnknownOperator.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--argon2")
{
    return PosAuth.Benchmarks.Paired.Argon2idVsPbkdf2.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--storage")
{
    return PosAuth.Benchmarks.Storage.StorageOverhead.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--fleet")
{
    return await PosAuth.Benchmarks.Fleet.FleetBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "--fleet-lane")
{
    return await PosAuth.Benchmarks.Fleet.FleetBenchmark.RunLaneAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "--coldstart")
{
    return PosAuth.Benchmarks.ColdStart.ColdStartLauncher.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PosAuthBenchmarkConfig).Assembly).Run(args, PosAuthBenchmarkConfig.Create(args));
return 0;
