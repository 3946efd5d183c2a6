// PosAuth demo terminal.
//   dotnet run --project samples/PosAuth.Demo                  the narrated end-to-end scenario (no input; exits 0)
//   dotnet run --project samples/PosAuth.Demo -- --interactive a menu-driven terminal against the same database
//   --lang both|zh-CN|en, --store sqlite|memory, --db PATH, --help
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Demo;

Console.OutputEncoding = Encoding.UTF8;
DemoOptions? options = DemoOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

var host = new SimulatedHost();
var narrator = new Narrator(options.Language, Console.Out);
try
{
    await using ServiceProvider services = DemoServices.Build(options, host);
    if (options.Interactive)
    {
        return await new InteractiveTerminal(services, host, narrator, options).RunAsync();
    }

    await new ScriptedScenario(services, host, narrator, options).RunAsync();
    return 0;
}
catch (DemoFailedException ex)
{
    Console.Error.WriteLine("The demo stopped: a step did not behave as documented: " + ex.Message);
    return 1;
}
