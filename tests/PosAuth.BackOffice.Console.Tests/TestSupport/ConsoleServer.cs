using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.Testing;

namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>
/// The sample's back office and console, started as the sample starts it (<see cref="ConsoleApp.StartAsync"/>) on Kestrel
/// on 127.0.0.1 with a free port, over SQLite in a temporary folder, on a manual clock the test owns.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    /// <summary>Hashing fast enough for tests (the production default is 220,000 iterations).</summary>
    public const int TestIterations = 10_000;

    private readonly string _directory;

    private ConsoleServer(WebApplication app, ManualTimeProvider time, string directory, byte[] master, string initialPassword)
    {
        App = app;
        Time = time;
        _directory = directory;
        OfflineUnlockMasterKey = master;
        InitialPassword = initialPassword;
        BaseAddress = ConsoleApp.AddressOf(app);
    }

    internal WebApplication App { get; }

    public ManualTimeProvider Time { get; }

    public Uri BaseAddress { get; }

    public byte[] OfflineUnlockMasterKey { get; }

    /// <summary>The initial administrator's one-time password (what the sample prints).</summary>
    public string InitialPassword { get; }

    public IBackOfficeAuthentication Authentication => App.Services.GetRequiredService<IBackOfficeAuthentication>();

    public IBackOfficeManagement Management => App.Services.GetRequiredService<IBackOfficeManagement>();

    public static async Task<ConsoleServer> StartAsync(string? postgres = null)
    {
        // A fixed start, so every screenshot shows the same times.
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        string directory = Path.Combine(Path.GetTempPath(), "posauth-console-" + Guid.NewGuid().ToString("N"));
        byte[] master = RandomNumberGenerator.GetBytes(32);
        WebApplication app = await ConsoleApp.StartAsync(new ConsoleSettings
        {
            SqliteDirectory = directory,
            PostgresConnectionString = postgres,
            PostgresSchema = "console_" + Guid.NewGuid().ToString("N")[..12],
            PostgresAttemptSchema = "console_attempts_" + Guid.NewGuid().ToString("N")[..12],
            Secret = RandomNumberGenerator.GetBytes(32),
            OfflineUnlockMasterKey = master,
            Time = time,
            Port = 0,
            Configure = o => o.Hashing.Iterations = TestIterations,
        });
        string initial = (await app.Services.GetRequiredService<IBackOfficeAuthentication>().CreateInitialAdministratorAsync("admin"))!;
        return new ConsoleServer(app, time, directory, master, initial);
    }

    /// <summary>A client without cookies or redirects of its own: each test sets exactly what it sends.</summary>
    public HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the pool: the OS cleans the temp folder.
        }
    }
}
