// The fleet demo (issue 15): a back office and three lanes in one process on loopback HTTP, narrated in zh-CN and en.
//   dotnet run --project samples/PosAuth.FleetDemo                 (both languages, line by line)
//   dotnet run --project samples/PosAuth.FleetDemo -- --lang zh-CN
//   dotnet run --project samples/PosAuth.FleetDemo -- --lang en
return await PosAuth.FleetDemo.FleetDemoApp.RunAsync(args, Console.Out);
