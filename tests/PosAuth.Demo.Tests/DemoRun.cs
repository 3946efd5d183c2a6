using PosAuth.Testing;

namespace PosAuth.Demo.Tests;

/// <summary>One run of the demo through its streams: arguments and typed lines in, exit code and every printed line out.</summary>
internal sealed record DemoRun(int ExitCode, string Output, string Errors)
{
    public IEnumerable<string> Lines => (Output + Errors).Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>Runs the demo with a manual clock, in memory unless the arguments say otherwise.</summary>
    public static async Task<DemoRun> StartAsync(string[] args, params string[] input)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        using var stdin = new StringReader(string.Join("\n", input) + (input.Length > 0 ? "\n" : ""));
        int code = await DemoApp.RunAsync(args, new DemoConsole(stdin, output, errors, IsInteractive: false), new ManualTimeProvider());
        return new DemoRun(code, output.ToString(), errors.ToString());
    }

    /// <summary>The state codes of the screens shown, in order ("[屏幕] 请签到（AwaitingOperator）" gives AwaitingOperator).</summary>
    public IReadOnlyList<string> Screens() => ScreenCode().Matches(Output).Select(m => m.Groups[1].Value).ToList();

    /// <summary>A screen line ends with its state's code; in the bilingual mode a long screen takes two or three lines.</summary>
    private static System.Text.RegularExpressions.Regex ScreenCode() => new(
        $"\\[(?:屏幕|screen|屏幕 screen)\\][^\\n]*(?:\\n {{18}}[^\\n]*)*?[（(]({string.Join('|', Enum.GetNames<Sessions.TerminalSessionState>())})[）)]\\n");
}
