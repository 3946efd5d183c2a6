using System.Diagnostics;
using System.Reflection;

namespace PosAuth.Cli.Tests;

/// <summary>
/// The tool as a Linux POS image or a NativeAOT build with <c>InvariantGlobalization</c> runs it: a child process with
/// <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c>. <c>--lang zh-CN</c> is parsed without a CultureInfo and the words come
/// out in Chinese.
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public async Task Explain_InChinese_UnderInvariantGlobalization()
    {
        (int exit, string output, string errors) = await RunAsync(null, "explain", "55", "--lang", "zh-CN");

        Assert.True(exit == 0, $"exit {exit}: {errors}");
        Assert.Contains("类别：", output, StringComparison.Ordinal);
        Assert.Contains("密码错误（WrongPin）", output, StringComparison.Ordinal);
        Assert.Contains("提示信息：", output, StringComparison.Ordinal);
        Assert.DoesNotContain("category", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PinCheck_InChinese_UnderInvariantGlobalization()
    {
        (int exit, string output, string errors) = await RunAsync("1234\n", "pin-check", "--lang", "zh-Hans");

        Assert.True(exit == 1, $"exit {exit}: {errors}");
        Assert.Contains("不通过", output, StringComparison.Ordinal);
        Assert.Contains("Sequence：", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lang_TraditionalChinese_IsRefused_NotShownInEnglish()
    {
        (int exit, _, string errors) = await RunAsync(null, "explain", "55", "--lang", "zh-TW");

        Assert.Equal(2, exit);
        Assert.Contains("--lang", errors, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string? stdin, params string[] args)
    {
        string dll = typeof(InvariantGlobalizationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ToolPath").Value!;
        Assert.True(File.Exists(dll), "Tool not built: " + dll);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

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
