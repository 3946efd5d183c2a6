// PosAuth demo terminal.
//   dotnet run --project samples/PosAuth.Demo                  the narrated end-to-end scenario (no input; exits 0)
//   dotnet run --project samples/PosAuth.Demo -- --interactive a menu-driven terminal, from the factory accounts
//   --lang both|zh-CN|en, --store sqlite|memory, --db PATH, --resume, --help
using System.Text;
using PosAuth.Demo;

Console.OutputEncoding = Encoding.UTF8;
return await DemoApp.RunAsync(args, DemoConsole.System());
