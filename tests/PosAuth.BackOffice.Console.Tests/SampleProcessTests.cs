using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PosAuth.BackOffice.Console.Tests.TestSupport;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>The sample as a user runs it: a process, SQLite by default with no setup, or PostgreSQL.</summary>
public sealed partial class SampleProcessTests
{
    private static string SampleDll => Path.Combine(AppContext.BaseDirectory, "PosAuth.BackOffice.Console.dll");

    private static Process Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleDll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("POSAUTH_BACKOFFICE_POSTGRES");
        return Process.Start(info)!;
    }

    [Fact]
    public async Task DefaultRun_StartsOnLoopbackWithSqlite_PrintsAddressAndOneTimePassword_ThatSignsIn()
    {
        string folder = Path.Combine(Path.GetTempPath(), "posauth-console-run-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        using Process process = Start(folder, "--port", "0");
        try
        {
            string first = (await process.StandardOutput.ReadLineAsync())!;
            string second = (await process.StandardOutput.ReadLineAsync())!;
            Match address = Address().Match(first);
            Assert.True(address.Success, first);
            Assert.Contains("SQLite", first, StringComparison.Ordinal);
            Match password = Initial().Match(second);
            Assert.True(password.Success, second);
            Assert.True(File.Exists(Path.Combine(folder, "posauth-backoffice-data", "backoffice.secret")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "posauth-backoffice-data", "backoffice.secret")));
            }

            // The printed password signs in (and is sent to the forced change).
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(address.Value) };
            string page = await http.GetStringAsync("signin");
            string token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
            using HttpResponseMessage signIn = await http.PostAsync("signin", new FormUrlEncodedContent([new("user", "admin"), new("password", password.Groups[1].Value), new("code", ""), new(ConsoleApp.AntiforgeryField, token)]));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/password", signIn.Headers.Location!.OriginalString);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Postgres_WithAPasswordOnTheCommandLine_IsRefused_AndNothingStarts()
    {
        string folder = Path.Combine(Path.GetTempPath(), "posauth-console-run-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        using Process process = Start(folder, "--postgres", "Host=127.0.0.1;Username=posauth;Password=hunter2");
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("PGPASSFILE", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(Path.Combine(folder, "posauth-backoffice-data")));
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Postgres_TheConsoleRunsOnPostgreSql()
    {
        // eng/test.sh starts a private PostgreSQL and sets POSAUTH_TEST_POSTGRES; without it this test fails (no skip).
        string? cs = Environment.GetEnvironmentVariable("POSAUTH_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(cs), "POSAUTH_TEST_POSTGRES is not set: run the tests with bash eng/test.sh (it starts PostgreSQL).");
        await using ConsoleServer server = await ConsoleServer.StartAsync(cs);
        using var http = new ConsoleHttp(server);
        await http.GetAsync("/signin");
        var (status, _, response) = await http.PostAsync("/signin", [new("user", "admin"), new("password", server.InitialPassword), new("code", "")]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/password", response.Headers.Location!.OriginalString);
        (status, _, response) = await http.PostAsync("/password", [new("current", server.InitialPassword), new("new", "Harbour-Lantern-42x"), new("repeat", "Harbour-Lantern-42x")]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/totp", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("http://127\\.0\\.0\\.1:[0-9]+/")]
    private static partial Regex Address();

    [GeneratedRegex("^Initial administrator: admin / (\\S+) ")]
    private static partial Regex Initial();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
