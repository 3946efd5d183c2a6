using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PosAuth.BackOffice.Console.Tests.TestSupport;
using PosAuth.Sync;
using static Microsoft.Playwright.Assertions;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>
/// The console and a real lane: PosAuth over its own SQLite file, connected with <c>UseBackOffice</c> and synced by the
/// PosAuth.Sync agent, provisioned with the secret the page showed. What the manager does in the browser reaches it.
/// </summary>
public sealed class ConsoleSyncLaneTests
{
    [Fact]
    public async Task PageReset_ReachesAPosAuthSyncLane_ThatRefusesTheOldPin_AndAcceptsTheTemporaryPinForAChangeOnly()
    {
        await using ConsoleServer server = await ConsoleServer.StartAsync();
        await using Browser browser = await Browser.LaunchAsync(server.BaseAddress);
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await ConsoleWalkTests.SignInFirstTimeAsync(page, server, Texts.En, null);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sites$"));

        await page.FillAsync("#f-site", "S7");
        await page.FillAsync("#f-name", "Store 7");
        await page.ClickAsync("#create-site");
        await page.GotoAsync("/sites/S7");
        await page.FillAsync("#f-terminal", "S7L1");
        await page.FillAsync("#f-serial", "SN-7");
        await page.ClickAsync("#register-terminal");
        string[] secret = (await page.Locator("#lane-secret").TextContentAsync())!.Split(':');

        string directory = Path.Combine(Path.GetTempPath(), "posauth-console-lane-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(server.Time);
        services.AddPosAuth(o => o.Hashing.Iterations = ConsoleServer.TestIterations)
            .WithoutHostSignOn()
            .UseSqlite(Path.Combine(directory, "lane.db"))
            .UseBackOffice(server.BaseAddress, new LaneCredentials(secret[0], "S7", Convert.FromBase64String(secret[2])));
        await using ServiceProvider lane = services.BuildServiceProvider();
        IBackOfficeSyncAgent agent = lane.GetRequiredService<IBackOfficeSyncAgent>();
        IOperatorAuthenticator authenticator = lane.GetRequiredService<IOperatorAuthenticator>();

        await page.GotoAsync("/sites/S7/operators");
        await page.FillAsync("#f-operator", "7001");
        await page.ClickAsync("#create-operator");
        string first = (await page.Locator("#temporary-pin").TextContentAsync())!;
        await agent.SyncOnceAsync();
        Assert.True(agent.IsConnected);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await authenticator.AuthenticateAsync("S7L1", "7001", first.AsMemory())).Outcome);

        await page.ClickAsync("tr[data-operator='7001'] button.reset");
        string reset = (await page.Locator("#temporary-pin").TextContentAsync())!;
        await agent.SyncOnceAsync();
        Assert.Equal(AuthenticationOutcome.WrongPin, (await authenticator.AuthenticateAsync("S7L1", "7001", first.AsMemory())).Outcome);
        Assert.Equal(AuthenticationOutcome.SucceededMustChangePin, (await authenticator.AuthenticateAsync("S7L1", "7001", reset.AsMemory())).Outcome);

        // Disabled on the page: the lane refuses the cashier after its next sync.
        await page.ClickAsync("tr[data-operator='7001'] button.disable");
        await Expect(page.Locator("tr[data-operator='7001'] td.state")).ToHaveTextAsync(Texts.En["state.disabled"]);
        await agent.SyncOnceAsync();
        Assert.NotEqual(AuthenticationOutcome.SucceededMustChangePin, (await authenticator.AuthenticateAsync("S7L1", "7001", reset.AsMemory())).Outcome);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
