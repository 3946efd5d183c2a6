using Microsoft.Extensions.DependencyInjection;

namespace PosAuth.Demo;

/// <summary>The demo's entry point, over any console (the process's, or streams a test drives) and any clock.</summary>
internal static class DemoApp
{
    /// <summary>Runs the demo; returns the exit code (0 done, 1 a step did not behave as documented, 2 bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, DemoConsole console, TimeProvider? time = null)
    {
        DemoOptions? options = DemoOptions.Parse(args, out (string Zh, string En)? error);
        if (options is null)
        {
            var errors = new Narrator(DemoOptions.LanguageOf(args), console.Error);
            errors.Bad(error!.Value.Zh, error.Value.En);
            console.Error.WriteLine(DemoOptions.Usage(DemoOptions.LanguageOf(args)));
            return 2;
        }

        if (options.ShowHelp)
        {
            console.Out.WriteLine(DemoOptions.Usage(options.Language));
            return 0;
        }

        var host = new SimulatedHost();
        var narrator = new Narrator(options.Language, console.Out);
        try
        {
            await using ServiceProvider services = DemoServices.Build(options, host, time);
            if (options.Interactive)
            {
                return await new InteractiveTerminal(services, host, narrator, options, console).RunAsync();
            }

            await new ScriptedScenario(services, host, narrator, options).RunAsync();
            return 0;
        }
        catch (DemoFailedException ex)
        {
            var errors = new Narrator(options.Language, console.Error);
            errors.Bad(
                $"演示在第 {narrator.CurrentStep} 步中止：结果与文档不符",
                $"The demo stopped at step {narrator.CurrentStep}: a result did not match the documentation: {ex.Message}");
            return 1;
        }
    }
}
