using System.Diagnostics;

namespace PosAuth.Demo.Tests;

/// <summary>
/// The demo as a Linux POS image runs it: a child process with <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c>, where no
/// zh-CN <see cref="System.Globalization.CultureInfo"/> exists. <c>--lang zh-CN</c> still shows every screen in Chinese.
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public async Task ScriptedDemo_InChinese_UnderInvariantGlobalization_ShowsEveryScreenInChinese()
    {
        (int exit, string output, string errors) = await RunDemoAsync("--lang", "zh-CN", "--store", "memory");

        Assert.True(exit == 0, $"exit {exit}: {errors}");
        string[] lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string[] screens = lines.Where(l => l.Contains("[屏幕]", StringComparison.Ordinal)).ToArray();
        Assert.True(screens.Length >= 5, output);
        Assert.Contains(screens, l => l.Contains("请签到（AwaitingOperator）", StringComparison.Ordinal));
        Assert.Contains(screens, l => l.Contains("终端已锁定（Locked）", StringComparison.Ordinal));
        var english = lines.Select(l => (Line: l, Words: CodeWords.EnglishWords(l))).Where(x => x.Words.Count > 0).ToList();
        Assert.True(english.Count == 0, "English under InvariantGlobalization:\n" + string.Join("\n", english.Select(x => $"[{string.Join(", ", x.Words)}] {x.Line}")));
    }

    private static async Task<(int Exit, string Output, string Errors)> RunDemoAsync(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "PosAuth.Demo.dll");
        Assert.True(File.Exists(dll), "Demo not built: " + dll);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1", ["LANG"] = "zh_CN.UTF-8", ["LC_ALL"] = "zh_CN.UTF-8" },
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
